"""Newspaper codes and their names, so records can carry a short stable code."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "grrb": "工人日报",
    "zgw": "中工网",
    "ldwb": "劳动午报",
    "zjgrrb": "浙江工人日报",
    "hngrrb": "河南工人日报",
    "gsgrb": "甘肃工人报",
    "tsldrb": "唐山劳动日报",
    "sxgrb": "陕西工人报",
    "jsgrb": "江苏工人报",
    "text": "文本导入",
}


def source_name(code: str) -> str:
    """The newspaper's name for a code; an unknown code is its own name."""
    return SOURCES.get(code, code)


def register_source(code: str, name: str) -> None:
    SOURCES.setdefault(code, name)
