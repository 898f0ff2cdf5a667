"""Towns, townships, streets, communities and villages: recorded under their county.

These are never counties themselves (文昌社区 is a community in 民乐县, not 文昌市).
A locality name is the two to five characters before its unit word, read back to
punctuation, a function word or the place named just before it (博望区博望镇);
its county is the one named right before it, else the nearest county named earlier
in the paragraph, else the article's primary county.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from indexer.nlp.lexicon import ends_with_verb, is_common_word
from indexer.nlp.regions import Mention, RegionResult
from indexer.nlp.text import ByStart, Paragraphs, is_boundary, is_cjk

KINDS = {"街道": "street", "社区": "community", "镇": "town", "乡": "township", "村": "village",
         "苏木": "township", "嘎查": "village"}
UNIT = re.compile("街道|社区|苏木|嘎查|镇|乡|村")
STOP_CHARS = set("的了在到向与和及为对把将从由是被等各每该本全其之于以")
# Words ending in a unit word that are not names of one place.
GENERIC = ("农村", "乡村", "城乡", "城镇", "乡镇", "村镇", "新农村", "城中村", "空心村", "家乡",
           "老乡", "下乡", "返乡", "故乡", "全村", "该村", "本村", "各村", "进村", "驻村", "村村",
           "社区", "街道", "各镇", "全镇", "本镇", "该镇", "重镇", "名镇", "小镇", "特色小镇",
           "联合社区", "周边社区", "所在社区", "各社区", "各街道", "城市社区", "辖区街道", "网格")
AFTER_NOT_A_NAME = set("民里干级容貌集委长务两")


def extract_localities(text: str, regions: RegionResult) -> list[dict[str, Any]]:
    region_ends = {m.end for m in regions.mentions}
    counties = _Counties(text, regions)
    found: dict[str, dict[str, Any]] = {}
    last_end = 0
    for m in UNIT.finditer(text):
        if m.group() in ("村", "乡") and text[m.end():m.end() + 1] in AFTER_NOT_A_NAME:
            continue
        start = _name_start(text, m.start(), max(last_end, 0), region_ends)
        name = text[start:m.end()]
        if m.start() - start < 2 or name.endswith(GENERIC) and name in GENERIC:
            continue
        if any(name.endswith(g) and len(g) >= len(name) - 1 for g in GENERIC):
            continue
        if ends_with_verb(text[start:m.start()]) or is_common_word(name):
            continue
        last_end = m.end()
        if name not in found:
            found[name] = {"name": name, "kind": KINDS[m.group()],
                           "county": counties.of(start), "mentions": []}
        found[name]["mentions"].append([start, m.end()])
    return list(found.values())


def _name_start(text: str, unit_start: int, floor: int, region_ends: set[int]) -> int:
    pos = unit_start
    while pos > floor and unit_start - pos < 5:
        if pos in region_ends:
            break
        ch = text[pos - 1]
        if is_boundary(ch) or not is_cjk(ch) or ch in STOP_CHARS:
            break
        pos -= 1
    return pos


class _Counties:
    """The county of a locality: the one named last before it in its paragraph, else the
    primary one. The mentions are indexed on the first locality, not once per locality."""

    def __init__(self, text: str, regions: RegionResult) -> None:
        self._text = text
        self._regions = regions

    @cached_property
    def _index(self) -> tuple[Paragraphs, ByStart[Mention]]:
        counties = (m for m in self._regions.mentions if m.adcode and m.adcode[4:] != "00")
        return Paragraphs(self._text), ByStart(counties)

    def of(self, start: int) -> str | None:
        paragraphs, counties = self._index
        earlier = counties.last_between(paragraphs.start_of(start), start)
        if earlier:
            return earlier.adcode
        primary = self._regions.primary
        return primary["adcode"] if primary and primary["level"] == "county" else None
