"""Newspaper codes and their names, so records can carry a short stable code.

The names of the papers bundled in ``crawler/papers.toml`` are here too (a test keeps
the two agreeing), so a record made without a name (text ingest, an old record) is
named the same in every process. Nothing adds to this table at run time.
"""

from __future__ import annotations

from types import MappingProxyType

SOURCES = MappingProxyType({
    "grrb": "工人日报",
    "zgw": "中工网",
    "ldwb": "劳动午报",
    "zjgrrb": "浙江工人日报",
    "hngrrb": "河南工人日报",
    "gsgrb": "甘肃工人报",
    "tsldrb": "唐山劳动日报",
    "tjgrb": "天津工人报",
    "sxgrb": "陕西工人报",
    "jsgrb": "江苏工人报",
    "gmrb": "光明日报",
    "rmrb": "人民日报",
    "text": "文本导入",
})


def known_source_name(code: str) -> str:
    """The newspaper's name for a known code; an unknown code is its own name."""
    return SOURCES.get(code, code)
