"""Facilities: the kinds of place unions run for workers — 工会驿站, 职工书屋, 司机之家,
爱心驿站, 户外劳动者服务站点 — named in a report whether or not it quotes them, and
whether or not the annotation rules count them as programmes (they leave out facility
types such as 职工之家; a reader looking for 工会驿站 still wants every report of one).

A facility is a noun phrase ending in a facility head noun (HEADS) with a modifier before
it, read by words as a figure's metric is (``metrics.phrase_ending``): the clause's verb,
places and scope words stay out (福建省新建工会驿站 → 工会驿站, 全省各级职工书屋 → 职工书屋),
and a head alone (驿站) names no kind. Each facility keeps its mentions and the first
figure that counts it (工会驿站33个, 7100多家职工书屋: a figure whose metric is the name).
"""

from __future__ import annotations

import re
from typing import Any

from indexer.nlp.metrics import phrase_ending
from indexer.nlp.regions import RegionResult
from indexer.nlp.text import Span, SpanIndex
from indexer.nlp.words import Words, words_of

HEADS = ("服务站点", "服务驿站", "服务站", "服务点", "驿站", "书屋", "之家", "小家", "母婴室",
         "小屋", "阵地")
LONGEST_FIRST = tuple(sorted(HEADS, key=len, reverse=True))
HEAD = re.compile("|".join(LONGEST_FIRST))
MAX_NAME = 14
# Who a facility is for. A name made of these and a head is a kind of facility (职工之家,
# 户外劳动者服务站, 司机之家); a name with any other word is one facility or a brand
# (渝北职工之家, 暖蜂驿站, 爱心母婴室).
USERS = ("新就业形态劳动者", "新业态劳动者", "户外劳动者", "户外职工", "劳动者", "女职工", "职工",
         "工会", "会员", "农民工", "司机", "货车司机", "快递员", "外卖骑手", "骑手", "环卫工人")


def extract_facilities(text: str, regions: RegionResult | None = None,
                       figures: list[dict[str, Any]] | None = None,
                       words: Words | None = None) -> list[dict[str, Any]]:
    """Facility kinds named in the text: ``{name, head, mentions, count}``, ``count`` the
    first figure whose metric is the name (``{value, unit, text}``) or None; ``words`` is
    the text's reading (``indexer.nlp.words``), made here if not given."""
    reading = words or words_of(text)
    mentions = regions.mentions if regions else []
    places = SpanIndex(Span(m.start, m.end, m.surface) for m in mentions)
    found: dict[str, dict[str, Any]] = {}
    for head in HEAD.finditer(text):
        if _head_continues(text, head):
            continue  # 驿站站点: the head is longer than the match
        phrase = phrase_ending(text, head.end(), places, reading)
        if phrase is None or phrase.end != head.end() or phrase.start >= head.start():
            continue  # a head alone names no kind of facility
        if phrase.end - phrase.start > MAX_NAME:
            continue
        record = found.setdefault(phrase.name, {"name": phrase.name, "head": head.group(),
                                                "mentions": [], "count": None})
        record["mentions"].append([phrase.start, phrase.end])
    for figure in figures or []:
        record = found.get(figure.get("metric") or "")
        if record is not None and record["count"] is None:
            record["count"] = {key: figure[key] for key in ("value", "unit", "text")}
    return list(found.values())


def is_facility_type(name: str) -> bool:
    """The name says only what a facility is and whom it serves: 职工之家, 工会驿站,
    户外劳动者服务站 (a head alone, 驿站, is one too)."""
    head = next((h for h in LONGEST_FIRST if name.endswith(h)), None)
    if head is None:
        return False
    rest = name[:-len(head)]
    while rest:
        user = next((u for u in USERS if rest.startswith(u)), None)
        if user is None:
            return False
        rest = rest[len(user):]
    return True


def _head_continues(text: str, head: re.Match[str]) -> bool:
    """The match is the start of a longer head (服务站 in 服务站点)."""
    return any(text.startswith(longer, head.start()) and len(longer) > len(head.group())
               for longer in HEADS)
