"""What a figure counts: the noun phrase next to its number, read by word and tag.

A figure's metric is the noun phrase the number counts or measures, found on either
side of the number from the words and parts of speech of its clause:

    新建|工会|驿站|112个        → 工会驿站     (before the number: the object of 新建)
    14个|工会|驿站|累计|服务      → 工会驿站     (after the classifier, up to the verb)
    参保|人数|达|14669人         → 参保人数     (a subject before 达 keeps its first verb)
    1497名|新|加入|工会|组织|的|新|就业|形态|劳动者 → 新就业形态劳动者 (past a relative clause)

Words are read, not characters: a phrase starts and ends on word boundaries, so a
window never cuts 全国 into 国 or 服务 into 务. Outside the phrase stay places (they are
the figure's place, see ``figures``), scope words (全省, 各级, 各类), the verb of the
clause, adverbs, prepositions, particles, conjunctions (和, 及: the item next to the
number is counted) and locatives (…阵地中). A phrase ends in a noun.

The words and tags are read from one reading of the whole text (``indexer.nlp.words``):
with the model, Baidu LAC's words of each sentence, which the pipeline's proposer made
once; in the fast mode, jieba's tagger, whose tags are more often wrong for this (it
tags 选手 and 超市 as verbs, 荣获 as a personal name; a wrong verb ends a phrase).

Before the phrase is read, the words are put right where a tagger is wrong in ways
that recur: a cut through 工会 (智能化工|会) is mended, and a dictionary word made of a
verb and its object (jieba's 筹集资金, 出席会议) is read as two words; a (…) is part of a
name only when a noun follows it at once (not 职工(副题) before a line break). Before 等
the item next to it is counted (拉面工、保安员等1500人), and a union's verbs of serving
before the people counted are the clause's (培训职工20万人次 → 职工; 参保会员, what the
people did, stays a kind of member).

Which side: after a classifier (个, 名, 家) the noun it classifies comes first; a
measure (元, %, 平方米) measures what is named before it (慰问金14680元, 投保率达88.3%),
else what follows (10万元慰问金, 20平米的空间).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.nlp.lexicon import word_tags
from indexer.nlp.text import SpanIndex
from indexer.nlp.words import Words, words_of

# Units that measure an amount rather than classify a counted noun.
MEASURES = frozenset({"元", "美元", "港元", "%", "％", "℃", "成", "倍", "平方公里", "平方米",
                      "平米", "个百分点", "百分点", "亩", "公里", "千米", "米", "公斤", "千克",
                      "吨", "度"})
# How far each way the clause is read: the longest metrics run to about a dozen
# characters (女职工特殊权益保护集体合同), a relative clause before one to a dozen more.
REACH_BEFORE = 24
REACH_AFTER = 30
MAX_METRIC = 16
CLAUSE_STOP = re.compile(r"\n\s*\n|[,，。;；:：!！?？…]")
# LAC's tags that end a noun phrase: prepositions, conjunctions, particles, adverbs,
# pronouns, locatives, numerals, classifiers, times, people, punctuation.
FUNCTION_TAGS = frozenset({"p", "c", "u", "d", "ad", "r", "f", "m", "q", "t", "TIME", "PER",
                           "xc", "w", "vd"})
MODIFIER_TAGS = frozenset({"a", "an"})
# Between a subject and its number (参保人数达14669人, 单位共24家): the phrase is a
# subject, so a verb it starts with is part of it.
LEVEL_WORDS = frozenset({"已达到", "已达", "达到", "高达", "共计", "累计", "总计", "合计", "共有",
                         "已有", "约有", "拥有", "超过", "达", "为", "是", "有", "共", "约", "超",
                         "逾", "均", "已", "近", "仅", "计", "比", "去年", "上年", "同期"})
CHANGE = re.compile(r"(?:同比)?(?:增长|增加|下降|减少|提高|提升|降低|上升|增幅|降幅)了?")
# Between an object and its number, and left out of the phrase (每人发放现金600元).
OBJECT_GLUE = frozenset({"每人每年", "每人", "每年", "每户", "每月", "每家", "价值", "总价值",
                         "总", "总额", "了", "到", "至", "从", "由"})
SCOPE = re.compile(r"^(?:[全各本我该][省市县区州盟旗国镇乡]|各级|各类|各项|全体|所有|其他|其余|"
                   r"首批|每个|整个)$")
RANGE_WORDS = frozenset({"至", "到", "-", "~", "～", "—"})
NOT_NOUNS = frozenset({"其中", "免费", "之一", "全部", "一律"})
# Words jieba's dictionary tags as nouns that stand before a verb as adverbs (职工|现场|
# 入会, 礼包|精准|发放): after a counted noun they start the predicate.
ADVERBIAL = frozenset({"现场", "精准", "集中", "统一", "定期", "实时", "就近", "同步", "全程",
                       "当场", "逐一", "分批", "陆续"})
# Units that count people: what is done to them (走访慰问|职工, 培训|职工) is no part of
# who they are, unless the phrase's head is itself a count (参保|人数).
PEOPLE_UNITS = frozenset({"人", "名", "人次", "位"})
# What a union does to the people a report counts: before them, the clause's verb, not a
# kind of person (参保|会员 and 出险|职工, what the people did, name kinds of member).
SERVICE_VERBS = frozenset({"服务", "培训", "慰问", "走访", "帮扶", "救助", "惠及", "辐射", "覆盖",
                           "发展", "新发展", "吸纳", "资助", "关爱", "表彰", "带动", "吸引",
                           "组织", "动员", "看望", "培养", "选树", "发动", "惠及到"})
COUNT_HEADS = ("数", "率", "量", "额", "人次")
# One-character words that only ever close a noun (入会|率, 建制|率).
BOUND_SUFFIXES = frozenset({"率"})
# A list item before 等 is what the number counts (工间操比赛、青年联谊等28场次).
LIST_END = frozenset({"等", "等等"})
# Measures of a thing's size, heat or weight: the thing before them is their owner
# (项目|总建筑面积, 广场|气温), so the metric is the measure's own word and modifiers.
PHYSICAL = frozenset({"平方公里", "平方米", "平米", "亩", "公里", "千米", "米", "公斤", "千克",
                      "吨", "℃", "度"})


@dataclass(frozen=True)
class Metric:
    """A figure's metric and where it stands in the text."""

    name: str
    start: int
    end: int
    place: tuple[int, int] | None = None  # a place written inside the phrase after the number


def metric_of(text: str, start: int, end: int, unit: str, places: SpanIndex,
              words: Words | None = None) -> Metric | None:
    """The metric of the figure at text[start:end] (its number and unit); ``places``
    are the place mentions of the text, ``words`` its reading (made here if not given)."""
    clause = _Clause(text, start, end, words or words_of(text))
    if unit in PHYSICAL:
        found = _before(clause, places, counted=False)
        return _owned(clause, found) if found else _after(clause, places, measure=True)
    if unit in MEASURES:
        return _before(clause, places, counted=False) or _after(clause, places, measure=True)
    return _people(_after(clause, places, measure=False)
                   or _before(clause, places, counted=True), clause, unit)


def phrase_ending(text: str, pos: int, places: SpanIndex,
                  words: Words | None = None) -> Metric | None:
    """The noun phrase ending at ``pos``, read as a metric before a number is (the clause's
    verb, places and scope words left out): 福建省新建工会驿站 → 工会驿站."""
    return _before(_Clause(text, pos, pos, words or words_of(text)), places, counted=False)


# -- words -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    tag: str

    @property
    def verb(self) -> bool:
        return self.tag == "v"

    @property
    def function(self) -> bool:
        return self.tag in FUNCTION_TAGS or self.text in NOT_NOUNS

    @property
    def scope(self) -> bool:
        return bool(SCOPE.match(self.text))

    @property
    def nominal(self) -> bool:
        return not (self.verb or self.function or self.scope)


class _Clause:
    """The words of the clause around one figure (between punctuation, at most a
    REACH each way), as the text's reading has them; the figure's own words are left out."""

    def __init__(self, text: str, start: int, end: int, reading: Words) -> None:
        self.text, self.start, self.end = text, start, end
        low = max(0, start - REACH_BEFORE)
        stops = [m.end() for m in CLAUSE_STOP.finditer(text, low, start)]
        begin = stops[-1] if stops else low
        stop = CLAUSE_STOP.search(text, end, min(len(text), end + REACH_AFTER))
        finish = stop.start() if stop else min(len(text), end + REACH_AFTER)
        words = _mended(_glued(_split([_Word(t.text, t.start, t.end, t.tag)
                                       for t in reading.within(begin, finish)])))
        self.before = [w for w in words if w.end <= start and w.text.strip()]
        self.after = [w for w in words if w.start >= end and w.text.strip()]


def _split(words: list[_Word]) -> list[_Word]:
    """筹集资金, 出席会议, 积极参与: a dictionary word made of a verb and its object, or an
    adverb and its verb (jieba keeps such phrases whole and tags them nouns), is read as
    its two words, so the verb ends a phrase as it would written apart."""
    out: list[_Word] = []
    tags = word_tags()
    for word in words:
        halves = (word.text[:2], word.text[2:]) if len(word.text) == 4 else None
        first, second = (tags.get(h, "") for h in halves) if halves else ("", "")
        if halves and word.tag not in NAME_TAGS and halves[1] not in MEASURE_NOUNS and (
                (first == "v" and second in ("n", "vn"))
                or (first in ("ad", "d") and second == "v")):
            out.append(_Word(halves[0], word.start, word.start + 2, first))
            out.append(_Word(halves[1], word.start + 2, word.end, second))
        else:
            out.append(word)
    return out


NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz"})
# 占地|面积, 参保|人数: a verb before what is measured makes one noun (a kind of area).
MEASURE_NOUNS = frozenset({"面积", "人数", "金额", "总额", "数量", "规模", "人次", "总数"})


def _mended(words: list[_Word]) -> list[_Word]:
    """智能化工|会|驿站, 县总工|会: a tagger's cut through 工会, the one word no union report
    splits, is put back (智能化|工会|驿站)."""
    out: list[_Word] = []
    for word in words:
        previous = out[-1] if out else None
        if previous is not None and len(previous.text) > 1 and previous.text.endswith("工") \
                and word.text.startswith("会") and previous.end == word.start:
            out[-1] = _Word(previous.text[:-1], previous.start, previous.end - 1, previous.tag)
            word = _Word("工" + word.text, word.start - 1, word.end, "n")
        out.append(word)
    return out


def _glued(words: list[_Word]) -> list[_Word]:
    """A short (…) inside a name (职工服务(帮扶)中心, not 职工(副题)) and 之 between two
    nouns (司机之家) make one word; so does a one-character word closing a run of nouns
    (入会|率, 示范|点)."""
    out: list[_Word] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        after = words[i + 3] if i + 3 < len(words) else None
        if word.text in "(（" and nxt and i + 2 < len(words) and words[i + 2].text in ")）" \
                and len(nxt.text) <= 6 and after is not None and after.nominal \
                and after.start == words[i + 2].end:
            word = _Word(word.text + nxt.text + words[i + 2].text, word.start,
                         words[i + 2].end, "n")
            i += 2
        elif word.text == "之" and out and out[-1].nominal and nxt and nxt.nominal \
                and nxt.start == word.end:
            previous = out.pop()
            word = _Word(previous.text + "之" + nxt.text, previous.start, nxt.end, "n")
            i += 1
        elif word.text == "级" and out and out[-1].tag == "m" and out[-1].end == word.start:
            previous = out.pop()  # 四星|级, 三|级: a rank, said of the noun after it
            word = _Word(previous.text + word.text, previous.start, word.end, "a")
        elif _suffix(word, out[-1] if out else None, nxt):
            previous = out.pop()
            word = _Word(previous.text + word.text, previous.start, word.end, "n")
        out.append(word)
        i += 1
    return out


def _suffix(word: _Word, previous: _Word | None, nxt: _Word | None) -> bool:
    """A one-character word closing a noun: 救助|金, 示范|点 (a noun), 入会|率 (read as a
    verb, before a function word) — not 送 or 有 ending a clause's subject."""
    if len(word.text) != 1 or previous is None or previous.end != word.start:
        return False
    if previous.function or previous.scope or word.text in LEVEL_WORDS | OBJECT_GLUE:
        return False
    if word.text in BOUND_SUFFIXES:
        return True  # 闭环|反馈|率: 率 is never a word of its own
    if nxt is not None and nxt.nominal:
        return False
    if word.tag in ("n", "vn"):
        return True
    return word.tag == "v" and previous.nominal and (nxt is None or nxt.function)


def _phrase(found: list[_Word]) -> list[_Word]:
    """A phrase ends in a noun and starts with no function word; its length is bounded."""
    while found and not found[-1].nominal:
        found = found[:-1]
    while found and (found[0].function or found[-1].end - found[0].start > MAX_METRIC):
        found = found[1:]  # longer than any metric: the words nearest the head are kept
    return found


def _named(text: str, found: list[_Word], place: tuple[int, int] | None = None) -> Metric | None:
    found = _phrase(found)
    if not found:
        return None
    return Metric(text[found[0].start:found[-1].end], found[0].start, found[-1].end, place)


def _place(word: _Word, places: SpanIndex) -> bool:
    """A place the region extractor found: the tagger's LOC alone is no place here (it
    tags 惠工小站's 惠工 and 福建省新建 as places)."""
    return places.overlaps(word.start, word.end)


# -- before the number -----------------------------------------------------------------


def _before(clause: _Clause, places: SpanIndex, counted: bool) -> Metric | None:
    """The noun phrase ending just before the number: 新建工会驿站112个 → 工会驿站."""
    words, subject = _without_glue(clause.before)
    if words and words[-1].text in LIST_END:
        words, subject = words[:-1], True  # 拉面工、保安员等约1500人: the item next to 等
    quoted = _quoted_before(clause.text, words)
    if quoted:
        return quoted
    closing = not clause.after or clause.after[0].tag == "w"
    found: list[_Word] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if _place(word, places) or word.function or word.scope:
            break
        if word.verb and counted and closing and i == len(words) - 1 and i > 0 \
                and words[i - 1].nominal:
            # A count closing its clause counts the noun before it: 工会|组织|316个,
            # 主题|宣传|27场次 end in a noun the tagger read as a verb.
            word = _Word(word.text, word.start, word.end, "n")
        elif word.verb and _attributive(words, i):
            word = _Word(word.text, word.start, word.end, "vn")
        elif word.verb:
            # The clause's verb ends the phrase (新建|工会驿站), unless the phrase is a
            # subject (达, 共 … stand before the number) that starts with it: 参保人数达….
            earlier = words[i - 1] if i > 0 else None
            starts = earlier is None or earlier.function or earlier.scope or _place(
                earlier, places)  # not after another verb: 走访|慰问|职工达… is no subject's
            if not (subject and starts):
                break
        found.insert(0, word)
    return _named(clause.text, found)


def _people(found: Metric | None, clause: _Clause, unit: str) -> Metric | None:
    """走访慰问职工达4000余人, 培训职工20万人次 → 职工: a union's verbs of serving before
    the people counted are the clause's (SERVICE_VERBS)."""
    if found is None or unit not in PEOPLE_UNITS or found.name.endswith(COUNT_HEADS):
        return found
    words = [w for w in clause.before + clause.after
             if found.start <= w.start and w.end <= found.end]
    lead = 0
    while lead < len(words) - 1 and words[lead].text in SERVICE_VERBS:
        lead += 1
    if lead == 0 or any(w.tag in ("v", "vn") for w in words[lead:]):
        return found
    return Metric(clause.text[words[lead].start:found.end], words[lead].start, found.end,
                  found.place)


def _attributive(words: list[_Word], i: int) -> bool:
    """新|就业|形态|劳动者 (jieba's tags): a verb between an adjective and a noun qualifies
    the noun, as an adjective does not stand before a predicate (an adverb would)."""
    return 0 < i < len(words) - 1 and words[i - 1].tag == "a" and len(words[i - 1].text) == 1 \
        and words[i + 1].nominal


def _owned(clause: _Clause, metric: Metric) -> Metric:
    """The measure's own word and its modifiers, without the noun owning it."""
    words = [w for w in clause.before if metric.start <= w.start and w.end <= metric.end]
    last = len(words) - 1
    while last > 0 and words[last - 1].tag in MODIFIER_TAGS:
        last -= 1
    head = words[last:] if words else []
    if not head:
        return metric
    return Metric(clause.text[head[0].start:head[-1].end], head[0].start, head[-1].end)


def _quoted_before(text: str, words: list[_Word]) -> Metric | None:
    """打造“职工之家”20余家, 命名“最美劳动者”50名: the quoted name is what is counted."""
    if len(words) < 3 or words[-1].text != "”":
        return None
    opening = next((i for i in range(len(words) - 2, -1, -1) if words[i].text == "“"), None)
    if opening is None or opening == len(words) - 2:
        return None
    inner = words[opening + 1:-1]
    if inner[-1].end - inner[0].start > MAX_METRIC:
        return None
    return Metric(text[inner[0].start:inner[-1].end], inner[0].start, inner[-1].end)


def _without_glue(words: list[_Word]) -> tuple[list[_Word], bool]:
    """The words before the number without those between its phrase and it; True when
    they say the phrase is the subject (达, 共, 为 …)."""
    subject = False
    while words:
        last = words[-1].text
        if last in LEVEL_WORDS or CHANGE.fullmatch(last) or words[-1].tag == "TIME" or (
                words[-1].tag == "v" and last.endswith("有")):  # 还有, 尚有: 有 as 达
            subject = True
        elif last not in OBJECT_GLUE:
            break
        words = words[:-1]
    return words, subject


# -- after the number --------------------------------------------------------------------


def _after(clause: _Clause, places: SpanIndex, measure: bool) -> Metric | None:
    """The noun phrase right after the unit: 14个工会驿站累计… → 工会驿站; past a relative
    clause ending in 的 (1497名新加入工会组织的新就业形态劳动者)."""
    text = clause.text
    words = _past_range(clause.after)
    if words and words[0].text == "的":
        words = words[1:]
    elif measure and (not words or not words[0].nominal):
        return None  # 30万元资助百名…: after a measure only a noun right after it is measured
    relative = _relative_clause(words)
    if relative is not None:
        words = words[relative + 1:]
    return _quoted(text, words) or _forward(text, words, places)


def _past_range(words: list[_Word]) -> list[_Word]:
    """1000元至3000元不等的助学金: what follows a range is read after its second bound."""
    if len(words) >= 2 and words[0].text in RANGE_WORDS and words[1].tag == "m":
        words = words[2:]
    if words and words[0].text == "不等":
        words = words[1:]
    return words


def _relative_clause(words: list[_Word]) -> int | None:
    """Where a clause that qualifies the counted noun ends in 的 (新加入工会组织的…, 在高温
    下坚守岗位的…): content words, a verb or preposition among them, then 的."""
    for i, word in enumerate(words):
        if word.text == "的":
            return i if any(w.verb or w.tag == "p" for w in words[:i]) else None
        if word.tag in ("r", "m", "w", "c", "u", "q"):
            return None
    return None


def _quoted(text: str, words: list[_Word]) -> Metric | None:
    """“工驿站”110个: a quoted name is what is counted, unless a noun follows it as its
    head (15支“思政课二人讲”队伍 counts 队伍)."""
    if not words or words[0].text != "“":
        return None
    close = next((i for i, w in enumerate(words) if w.text == "”"), None)
    if close is None or close == 1:
        return None
    head = words[close + 1] if close + 1 < len(words) else None
    if head is not None and head.nominal:
        return _forward(text, words[close + 1:], SpanIndex([]))
    inner = words[1:close]
    return Metric(text[inner[0].start:inner[-1].end], inner[0].start, inner[-1].end)


def _forward(text: str, words: list[_Word], places: SpanIndex) -> Metric | None:
    found: list[_Word] = []
    place = None
    for word in words:
        if _place(word, places):
            if found:
                break
            place = (word.start, word.end) if place is None else (place[0], word.end)
            continue  # 20家海南省职工创新工作室: the place is the figure's, not the metric's
        if word.scope and not found:
            continue  # 410位全国劳模: the scope is not part of what is counted
        if word.function or word.scope or (found and (word.tag == "s"
                                                      or word.text in ADVERBIAL)):
            break  # 职工|现场|入会: a place word after the noun belongs to the predicate
        if word.verb and any(w.tag not in MODIFIER_TAGS for w in found):
            break  # 职工|荣获: after a noun, a verb starts the predicate
        found.append(word)
    return _named(text, found, place)
