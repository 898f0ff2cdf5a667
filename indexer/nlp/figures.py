"""Numeric claims: a number, its unit or classifier, what it counts, and how it is hedged.

The grammar of one figure::

    [近|约|超过|逾 …] NUMBER [余|多] [十|百|千|万|亿] [余|多] UNIT [以上|左右|多]

NUMBER is Arabic (1.423, 56171) or Chinese (两千, 百, 一万); 60% becomes 0.6 and
两成 0.2; 万 and 亿 multiply (3.23亿元 → 323000000 元). Without a classifier a large
Arabic count takes the counted noun as its unit (150万工会会员 → unit 工会会员).
The number, its 余, its 万 and its unit may be split by line breaks or spaces, as some pages
print them (109\n万元, 251.6 万元, 4000 余人).

Not figures: dates, clock times and durations (2025年, 3月6日, 16:10, 两个月, 5个工作日),
ordinals (第一批), vague amounts (数百家, 上百名), 一 used as the article "a" (一名工人),
numbers inside names, quoted titles or 《documents》 (“15项+”, 十四五), idioms and
slogans (千家万户, 两个维护), numbers glued to letters or codes (zN_3014, 2018-05-11), and
numbers longer than any report prints (a run of 400 nines is noise, and no finite float).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.nlp.lexicon import is_verb, words
from indexer.nlp.metrics import Metric, metric_of
from indexer.nlp.numerals import (
    arabic_to_number,
    chinese_to_number,
    magnitude,
    normalise,
    plausible,
)
from indexer.nlp.regions import Mention, RegionResult
from indexer.nlp.text import (
    SENTENCE_END,
    ByStart,
    Span,
    SpanIndex,
    bracketed_spans,
    is_boundary,
    quoted_spans,
    sentences,
)
from indexer.nlp.words import Words, words_of

UNITS = ["平方公里", "平方米", "个百分点", "百分点", "人次", "场次", "车次", "架次", "批次", "平米",
    "公里", "千米", "公斤", "千克", "方面", "美元", "港元", "个", "名", "人", "位", "家", "项",
    "次", "场", "户", "辆", "张", "件", "所", "栋", "幢", "座", "条", "组", "提", "米", "台",
    "套", "本", "册", "份", "支", "间", "处", "只", "头", "箱", "袋", "瓶", "盒", "杯", "碗",
    "起", "宗", "例", "篇", "首", "幅", "种", "类", "块", "盏", "株", "棵", "枚", "艘", "趟", "批",
    "轮", "对", "期", "元", "亩", "吨", "度", "倍", "成", "%", "％", "℃"]
UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUALIFIERS_BEFORE = ("将近", "大约", "超过", "不到", "不足", "近", "约", "超", "逾")
FIGURE = re.compile(
    rf"(?P<pre>{'|'.join(QUALIFIERS_BEFORE)})?"
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)"
    r"(?P<mid>[ \n]?(?:余|多|来))?(?P<mag>[ \n]?[十百千万亿]+)?(?P<post>余|多)?"
    rf"(?P<gap>\s*)(?P<unit>{UNIT_PATTERN})?"
    r"(?P<tail>以上|左右|以下)?"
)
RANGE_TAIL = re.compile(
    r"\s*(?:至|到|~|～|-|—|－)\s*(?:\d+(?:\.\d+)?)(?:余|多)?(?P<mag>[十百千万亿]+)?"
    rf"\s*(?P<unit>{UNIT_PATTERN})"
)
PERCENT_WORDS = re.compile(r"百分之(?P<num>[零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")
# After 个: the count is of time, not of things.
TIME_AFTER_GE = ("月", "工作日", "小时", "星期", "季度", "年头", "钟头", "礼拜", "多月")
VAGUE_BEFORE = ("数", "几", "好")
SPEECH_END = re.compile(r"[。！？!?]")
PAIR_NOT_AFTER = set("零〇一二两三四五六七八九十接象口应比话于照待标外内")
CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-:/.#@")
IDIOMS = ("千家万户", "万家灯火", "百家争鸣", "千方百计", "万人空巷", "千人一面", "百里挑一",
          "一家一户", "千千万万", "千万家", "万家", "百家姓", "三家村")
SLOGAN_NOUNS = ("维护", "确立", "意识", "自信", "全面", "代表", "务必", "大局", "一百年", "伟大",
                "结合", "坚持", "规定", "服务", "着力", "优先", "不变")
CHANGE_WORDS = ("同比增长", "同比下降", "同比增加", "同比减少", "下降", "增长", "增加", "提高",
                "提升", "减少", "降低", "上升", "上涨", "下跌", "回落", "增幅", "降幅", "翻")
NOUN_ENDERS = {"的", "和", "与", "及", "等", "在", "了", "为", "是", "将", "已", "共", "从", "到"}
METRIC_STOP = set("，,。；;：:、“”（）()《》\n 的了和及与在对向为把将从由已共有是被等")
# How far a figure's sentence is read either way: a page without punctuation would
# otherwise give every figure on it the whole page as its sentence.
SENTENCE_REACH = 400


@dataclass(frozen=True)
class _Context:
    """What every figure of one text is read against, indexed once for the text."""

    text: str
    sentences: SpanIndex
    places: ByStart[Mention]
    place_spans: SpanIndex  # every place mention, with or without an adcode
    regions: RegionResult | None
    words: Words


def extract_figures(text: str, regions: RegionResult | None = None,
                    words: Words | None = None) -> list[dict[str, Any]]:
    """The figures of a text; ``words`` is its reading (``indexer.nlp.words``), which the
    pipeline passes and a caller without one leaves to be made here."""
    quotes = [q for q in quoted_spans(text) if not _quoted_speech(q.text)]
    names = SpanIndex(quotes + bracketed_spans(text))
    mentions = regions.mentions if regions else []
    # Place names hold numerals too (三元区, 五原县, 六盘水市).
    places = SpanIndex(Span(p.start, p.end, p.surface) for p in mentions)
    context = _Context(text, SpanIndex(sentences(text)),
                       ByStart(m for m in mentions if m.adcode), places, regions,
                       words or words_of(text))
    figures = []
    for m in FIGURE.finditer(text):
        figure = _figure(text, m, names)
        if figure and not places.overlaps(m.start(), m.end()):
            figures.append(_with_context(figure, context))
    for m in PERCENT_WORDS.finditer(text):
        value = _number(m.group("num"))
        if value is not None and not names.around(m.start(), m.end()):
            figure = _record(m.group(), m.start(), m.end(), value / 100, "%", None)
            figures.append(_with_context(figure, context))
    return sorted(figures, key=lambda f: f["start"])


def _quoted_speech(quote: str) -> bool:
    """“…给报了8000多元,真是雪中送炭。” is a sentence someone said, not a name: its
    numbers count like the article's own."""
    return bool(SPEECH_END.search(quote)) or (len(quote) > 15 and bool(re.search("[,，]", quote)))


def _figure(text: str, m: re.Match[str], names: SpanIndex) -> dict[str, Any] | None:
    num, start, end = m.group("num"), m.start(), m.end()
    chinese = not num[0].isdigit()
    unit = m.group("unit")
    if names.around(start, end) or _excluded_context(text, m, chinese):
        return None
    value = _scaled(_number(num), m.group("mag"))
    if value is None:
        return None
    if unit is None:
        ranged = RANGE_TAIL.match(text, m.end())
        if ranged and not chinese:
            # 1000至3000元: the first bound takes the unit (and 万) of the second.
            unit = ranged.group("unit")
            if not m.group("mag"):
                value = _scaled(value, ranged.group("mag"))
            if value is None:
                return None
            if unit in ("%", "％"):
                value, unit = value / 100, "%"
            return _record(text[start:end], start, end, value, unit, m.group("pre"))
        return _noun_figure(text, m, value)
    if not _unit_is_a_count(text, m, unit, num, chinese):
        return None
    qualifier = (m.group("pre") or _mid(m) or m.group("post") or m.group("tail"))
    if unit in ("%", "％"):
        value, unit = value / 100, "%"
    elif unit == "成":
        value = value / 10
    return _record(text[start:end], start, end, value, unit, qualifier)


def _excluded_context(text: str, m: re.Match[str], chinese: bool) -> bool:
    start = m.start("num")
    before = text[max(0, start - 1):start]
    # 3-5万元 is a range, 2018-05-11 a date: a dash counts only before a unit.
    dash_range = before == "-" and m.group("unit") is not None and not m.group("gap")
    if before == "第" or (before in CODE_CHARS and not dash_range) or before.isdigit():
        return True
    if before == "前" and m.group("unit") in ("名", "位"):
        return True  # 前三名 is a rank, not a count
    if before == "届" and m.group("unit") == "次":
        return True  # 十届五次全委会 numbers a session
    after_num = text[m.end("num"):m.end("num") + 1]
    ranged = after_num == "-" and RANGE_TAIL.match(text, m.end()) is not None
    if not chinese and after_num in CODE_CHARS - {"."} and not ranged:
        return True
    if chinese:
        after = text[m.end("num"):m.end("num") + 1]
        if before in VAGUE_BEFORE or (m.group("num")[0] in "百千万" and (
                before == "上" or (before == "成" and after == "上"))):
            return True  # 数百家, 上百名, 成千上万
        window = text[max(0, start - 3):m.end() + 3]
        if any(idiom in window for idiom in IDIOMS):
            return True
    return False


def _unit_is_a_count(text: str, m: re.Match[str], unit: str, num: str, chinese: bool) -> bool:
    after = text[m.end("unit"):m.end("unit") + 4]
    if unit == "个" and after.startswith(TIME_AFTER_GE):
        return False
    if unit == "成" and not chinese:
        return False
    if unit == "本" and after[:1] in "报市县区单次年月期届":
        return False  # 本报讯, 本市: 本 is "this", not a count of books
    if chinese:
        # 一名工人 is "a worker", 两个维护 a slogan; 一万名 is a count.
        if num == "一" and not m.group("mag") and not m.group("mid"):
            return False
        if after.startswith(SLOGAN_NOUNS):
            return False
        if unit == "杯" and not m.group("mag") and not any(c in num for c in "十百千万亿"):
            return False  # 五一杯 names a contest; 两千杯 counts cups
        hedged = m.group("mid") or m.group("post")  # 十多期 counts; 一期, 三期 name phases
        if unit in ("度", "倍", "期", "批", "种", "类", "处", "本", "首", "起", "块", "间",
                    "头") and not hedged:
            return False
    if unit in ("度", "米") and after[:1] in ("过", "假", "日", "量"):
        return False
    if unit == "轮" and after[:1] in ("车", "电", "摩"):
        return False  # 三轮车, 两轮电动车 are vehicles; 三轮协商 counts rounds
    if unit == "对" and (after[:1].isdigit() or after[:1] in PAIR_NOT_AFTER):
        return False  # 1对1, 对接, 对口: 对 is a word of its own, not pairs
    return not (unit == "人" and after[:1] in ("次",))


def _mid(m: re.Match[str]) -> str | None:
    """余 or 多 right after the number, even where the page broke the line before it."""
    return (m.group("mid") or "").strip() or None


def _noun_figure(text: str, m: re.Match[str], value: float) -> dict[str, Any] | None:
    """150万工会会员: a large Arabic count whose unit is the counted noun itself."""
    if not m.group("num")[0].isdigit() or not m.group("mag"):
        return None
    end = m.end("mag") + len(m.group("post") or "")
    noun = _noun_after(text, end)
    if not noun:
        return None
    start = m.start()
    return _record(text[start:end + len(noun)], start, end + len(noun), value, noun,
                   m.group("pre") or _mid(m) or m.group("post"))


def _noun_after(text: str, pos: int, limit: int = 4) -> str:
    out = ""
    for ch in text[pos:pos + limit]:
        if is_boundary(ch) or ch.isdigit() or ch in "“”":
            break
        out += ch
    if len(out) > 2:
        # 快递员子女|领取助学金, 企业|参与: the noun ends where a verb or a particle starts.
        tokens = words(out)
        cut = next((i for i, w in enumerate(tokens)
                    if i > 0 and (is_verb(w) or w in NOUN_ENDERS)), len(tokens))
        out = "".join(tokens[:cut])
    elif out[:1] in METRIC_STOP:
        out = ""
    return out if len(out) >= 2 and out[0] not in METRIC_STOP else ""


def _number(num: str) -> float | None:
    """The value of a numeral, or None for one no report prints (see numerals)."""
    value = arabic_to_number(num) if num[0].isdigit() else chinese_to_number(num)
    return float(value) if value is not None and plausible(value) else None


def _scaled(value: float | None, mag: str | None) -> float | None:
    """value times its 万 or 亿; None when the product is no figure a report prints."""
    if value is None or not mag:
        return value
    factor = magnitude(mag)
    if factor is None or not plausible(value * factor):
        return None
    return value * factor


def _record(span: str, start: int, end: int, value: float, unit: str,
            qualifier: str | None) -> dict[str, Any]:
    return {"value": normalise(value), "unit": unit, "metric": None, "qualifier": qualifier,
            "change": None, "text": span, "start": start, "end": end, "sentence": "",
            "region": None}


def _with_context(figure: dict[str, Any], context: _Context) -> dict[str, Any]:
    text = context.text
    figure["sentence"] = _sentence_around(text, figure["start"], figure["end"])
    figure["change"] = _change_before(text, figure["start"])
    metric = _metric(text, figure, context)
    figure["metric"] = metric.name if metric else None
    figure["region"] = _region(figure, context, metric)
    return figure


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding the figure; a line break inside it (217\n名) does not end it.
    It is read at most SENTENCE_REACH characters either way."""
    low, high = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    left = max(max(text.rfind(ch, low, start) for ch in SENTENCE_END),
               text.rfind("\n\n", low, start))
    if left < 0:
        left = low - 1
    right = min((i for i in (text.find(ch, end, high) for ch in SENTENCE_END) if i >= 0),
                default=high - 1)
    paragraph_end = text.find("\n\n", end, right + 1)
    if paragraph_end >= 0:
        right = paragraph_end - 1
    return text[left + 1:right + 1].strip()


def _change_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 8):start].rstrip().removesuffix("了")
    for word in CHANGE_WORDS:
        if before.endswith(word):
            return word.removeprefix("同比")
    return None


def _metric(text: str, figure: dict[str, Any], context: _Context) -> Metric | None:
    """What is counted (see ``metrics``); where the unit is the counted noun itself
    (150万工会会员), that noun."""
    unit, end = figure["unit"], figure["end"]
    if unit not in UNITS:
        return Metric(unit, end - len(unit), end)
    return metric_of(text, figure["start"], end, unit, context.place_spans, context.words)


def _region(figure: dict[str, Any], context: _Context, metric: Metric | None) -> str | None:
    """The nearest place enclosing the figure: one written inside its metric's phrase
    (20家海南省职工创新工作室), else the last named before the figure and its metric in
    its sentence — never a word of the metric itself —, else the primary region."""
    if context.regions is None:
        return None
    if metric and metric.place:
        inside = context.places.last_between(*metric.place)
        if inside:
            return inside.adcode
    sentence = context.sentences.at(figure["start"])
    before = min(figure["start"], metric.start) if metric else figure["start"]
    near = _enclosing(context, sentence.start, before) if sentence else None
    if near:
        return near.adcode
    primary = context.regions.primary
    return primary["adcode"] if primary else None


def _enclosing(context: _Context, low: int, high: int) -> Mention | None:
    """The last place named in [low, high) that lies inside the place written right
    before it: in 福建省新建工会驿站, 新建 (a district of 江西省) is no place of 福建省's."""
    near = context.places.last_between(low, high)
    while near is not None:
        outer = context.places.last_between(low, near.start)
        if outer is None or outer.end != near.start or _inside(near.adcode, outer.adcode):
            return near
        near = outer
    return None


def _inside(inner: str | None, outer: str | None) -> bool:
    """Whether the place coded ``inner`` lies in (or is) the place coded ``outer``."""
    if not inner or not outer:
        return True
    prefix = outer.rstrip("0")
    prefix = prefix + "0" * (len(prefix) % 2)
    return inner.startswith(prefix)
