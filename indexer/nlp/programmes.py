"""Named initiatives: campaigns, brands, service platforms and slogans, written in “…”.

A quoted string is a programme when the words around it treat it as one — a noun
right after it, which the quote names (“暖新保”项目, “同城融圈”战略, “12355”改革创新
专项行动: read by its part of speech, so no list of head nouns is needed), a verb it is the
subject of (“金秋助学”启动), or a verb of running one before it (开展, 实施, 打造,
推出), also across the dates and ordinals between them (开展2023年第二次“…”) or with
the 的 of the verb (举办的“…”) — or when its own words say so (…行动, …工程, …平台,
…驿站, …日; a head alone, “服务圈”, is an ordinary noun). A noun after the quote names it
only when the quote is shaped like a name.

The annotation rules (``../shared/corpus/REAL2.md``) leave out whole classes, and each is
recognised as a class, not by listing one report's words:

- quoted speech: long, or a sentence, or after 说/道/:;
- ordinary words and metaphors (“娘家人”, “加油站”: ``data/quoted_stopwords.txt``); a
  likeness — after a copula or a possessive 的, closing its clause (成为劳动者的“贴心站”。)
  — is one in every mention of the report; 小 set against 大 (以“小驿站”承载“大关怀”);
  the states of a change (从“休息点”升级为“幸福站”);
- facility types: who a facility serves and a facility head, nothing else (职工之家,
  户外劳动者服务站: ``facilities.is_facility_type``; they are facilities, and 渝北职工之家
  or 暖蜂驿站, one facility or a brand, stay programmes);
- numbered labels (三大平台, 五个着力, 小三级) and dates (五一, 三八); kinds of union
  (“三级工会”, “小三级”工会);
- standard honours (工人先锋号, 五一劳动奖章, 大国工匠: ``data/standard_honours.txt``), a title
  before a person's name, and titles conferred (命名/授予/评为) or counted in people — except
  selection brands run as campaigns (“龙江工匠”, “最美劳动者”50名), which are kept, as is a
  brand made from an honour (“先锋号”宣讲团);
- lists of a few short words (建、管、用, 精准识别、靶向帮扶: methods) and long phrases with
  的 (descriptions), unless a campaign head follows (“查堵点、破难题、促发展”活动);
- content lists (“…”为主要内容), abbreviations being defined (简称“工协委”), development
  plans (十四五, 3+1), and single named units (周海川劳模创新工作室, 百灵女子班组, 宣讲团),
  which are places of work or teams; courses (托管班, 培训班) are programmes.

Kept whatever stands around them: named national initiatives (“一带一路”:
``data/national_initiatives.txt``). Models named by joining words (“工会+法院”) are
programmes, and so is a quote joined by 与, 和 or 、 to a programme (“金秋助学”与“求职助航”).
A name before the head noun it names may be longer than other names (“中国工人大思政课·
铜仁篇——…”特色品牌).

Kinds: campaign (活动, 行动, 竞赛, 评选), platform (平台, 线上), brand (品牌, 卡, 杯,
驿站, 之家 …), slogan (several clauses: 工会连万家,服务暖人心), else programme.
“暖新保”项目 and “暖新保” are one programme: the name is what is inside the quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import Any

from indexer.nlp.facilities import is_facility_type
from indexer.nlp.orgs import PLATFORMS
from indexer.nlp.text import Span, quoted_spans
from indexer.nlp.words import Words, words_of

DATA = Path(__file__).parent / "data"
MAX_NAME = 24
MAX_NAMED = 40
DESCRIPTION = 8
# What may follow a quote that names an initiative besides a noun (a noun is read with
# its part of speech, see _noun_after): verbs it is the subject of (“金秋助学”启动, 发放), and
# frames (“…”为主题, 的工作格局) and compounds the tagger does not read as nouns.
HEAD_NOUNS_AFTER = (
    "一体化", "评选", "建设", "专项", "慰问金", "发放", "要求", "启动", "普惠日", "创新", "招聘",
    "为核心", "为主题", "的工作格局", "的举措", "的集体协商", "的生动范例", "惠民工程", "线上",
    "网上", "帮扶", "关爱活动", "金秋助学",
)
VERBS_BEFORE = (
    "开展", "启动", "推出", "实施", "打造", "深化", "举办", "创建", "推行", "做到", "参与", "发放",
    "组织", "以", "做好", "做强", "做大", "做优", "做实", "做精", "用好", "加大", "设立", "开设",
    "成立", "推动", "深入开展", "全面启动", "开启", "举行", "叫响", "推进", "建立", "创新", "推广",
    "落实", "参加", "争创", "创", "赋能", "巩固深化", "巩固", "暨", "新建", "建成", "投保", "实行",
    "办理",
)
# “三级对话” after 表达平台: the quote names the platform just mentioned.
CATEGORY_BEFORE = ("平台", "品牌", "项目", "活动", "机制", "行动", "工程", "模式", "服务", "计划",
                   "载体", "系列")
OWN_WORDS = (
    "行动", "工程", "计划", "驿站", "之家", "小屋", "母婴室", "服务圈", "助学", "送清凉", "送温暖",
    "工作室", "杯", "卡", "大讲堂", "书屋", "医保", "互助", "工匠", "联创", "要约", "家园",
    "站", "险", "保障", "小家", "服务车", "托管班", "培训班", "辅导班", "研修班", "兴趣班", "课堂",
    "平台", "日",
)
# Own words that are whole campaigns by themselves (“送温暖”); any other alone, “服务圈”,
# “驿站”, is an ordinary noun.
CAMPAIGN_WORDS = ("送清凉", "送温暖", "助学", "互助")
# 托管班 and 培训班 are courses run for members; 女子班组 and 突击班 are teams.
COURSE_ENDS = ("托管班", "培训班", "辅导班", "研修班", "学习班", "兴趣班")
# “鄞州工匠”30名 after 命名首批: a title conferred on people or units, not an initiative.
CONFER_BEFORE = ("命名为", "命名", "授予", "评为", "评选为", "荣获", "获评", "称为")
# “湄潭工匠”35名, “最美职工”10位: a quote counted in people is a title they hold.
PEOPLE_COUNT_AFTER = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千]+)[余多]?(?:名|位)")
BATCH_BEFORE = re.compile(r"(首批|第[一二三四五六七八九十\d]+批)$")
# “工会+法院”, “互联网+”: a model named by joining words (3+1 is a plan, not a model).
JOINED_MODEL = re.compile(r"^[\u4e00-\u9fff]{2,}\+[\u4e00-\u9fff]*$")
SPEECH_BEFORE = ("说", "道", "表示", "告诉记者", "认为", "坦言", "感慨", "：", ":", "称")
TITLE_AFTER = ("荣誉称号", "称号", "奖章", "奖状", "奖杯", "荣誉", "推荐资格", "资格")
# A title that is a selection brand, run as a campaign (“龙江工匠”, “最美劳动者”): one is a
# programme even where it is conferred or counted in people, unless it is a standard honour.
BRAND_TITLE = re.compile(r"^(?:.+工匠|最美.+)$")
METAPHOR_BEFORE = ("的", "化身", "成为", "当好", "是", "像", "如", "宛如", "犹如", "做", "变", "为")
# 设为“工会服务户外劳动者日”: 为 after a verb of setting names something, it likens nothing.
DESIGNATE_BEFORE = ("设为", "定为", "确定为", "设立为", "列为")
# Words that may stand between a verb of running and the quote it runs: 开展2023年第二次“…”.
MODIFIERS_BEFORE = re.compile(
    r"(?:\d{4}年度?|[0-9一二三四五六七八九十]+月|第[0-9一二三四五六七八九十]+[次届批期轮季]"
    r"|首届|首批|新一轮|新一届|本次|今年|年度|全年|全省|全市|全县|全区|系列|一系列)+$")
SINGLE_UNIT_ENDS = ("班组", "班", "车间", "队", "分队", "团")
PLAN = re.compile(r"^(十[一二三四五六七八九]五|[0-9]+\+[0-9]+)$")
QUOTE_JOINERS = ("", "暨", "和", "与", "及", "、")
CLAUSE_HEADS = ("活动", "行动", "竞赛", "项目", "工程", "品牌", "机制", "计划", "评选", "大赛",
                "仪式")
SLOGAN_SPLIT = re.compile(r"[,，、 ·]")


@cache
def stopwords() -> frozenset[str]:
    return _word_list("quoted_stopwords.txt")


@cache
def national_initiatives() -> frozenset[str]:
    return _word_list("national_initiatives.txt")


@cache
def standard_honours() -> tuple[str, ...]:
    return tuple(sorted(_word_list("standard_honours.txt"), key=len, reverse=True))


def _word_list(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def extract_programmes(text: str, people: list[str] | None = None,
                       words: Words | None = None) -> list[dict[str, Any]]:
    """The programmes quoted in a text; ``words`` is its reading (``indexer.nlp.words``),
    made here if not given."""
    reading = words or words_of(text)
    names = _Names(people or [])
    runs = _QuoteRuns(text)
    found: dict[str, dict[str, Any]] = {}
    quotes = quoted_spans(text)
    rhetoric = _contrasts(text, quotes)
    accepted = {q.text.strip() for q in quotes
                if q.start not in rhetoric and _is_programme(text, q, names, runs, reading)}
    # 成为户外劳动者的“贴心站”。: a quote the text uses once as a likeness is one wherever
    # else it stands (筑牢关怀“贴心站”).
    accepted -= {q.text.strip() for q in quotes
                 if q.text.strip() in accepted and _likeness(text, q, reading)}
    by_start = {q.start: q for q in quotes}
    by_end = {q.end: q for q in quotes}
    accepted |= {q.text.strip() for q in quotes
                 if _joined_to(text, q, by_start, by_end, accepted)
                 and not _excluded(text, q, names, reading)}
    for q in quotes:
        name = q.text.strip()
        if name in accepted:
            record = found.setdefault(name, {"name": name, "kind": _kind(text, q), "mentions": []})
            record["mentions"].append([q.start, q.end])
    return list(found.values())


def _is_programme(text: str, q: Span, people: _Names, runs: _QuoteRuns,
                  words: Words) -> bool:
    name = q.text.strip()
    before = text[max(0, q.start - 8):q.start - 1].rstrip()
    after = text[q.end + 1:q.end + 9]
    if _excluded(text, q, people, words):
        return False
    if name in national_initiatives() or (BRAND_TITLE.match(name) and _conferred(text, q)):
        return True
    # A head alone (“服务圈”, “驿站”) is an ordinary word: its own words name nothing.
    own = name.endswith(OWN_WORDS) and (name not in OWN_WORDS or name in CAMPAIGN_WORDS)
    # 成为劳动者的“贴心站”。, 升级为“幸福站”,: after 的 or 为 and closing its clause, a
    # quote says what something is like, whatever its own words.
    closes = not after or bool(CLAUSE_END.match(after)) or after.startswith("“")
    headed = after.startswith(HEAD_NOUNS_AFTER) or (
        _plain_name(name) and _noun_after(text, q, words))
    if _metaphor_before(text, q, before, words) and not headed and (not own or closes):
        return False
    return (headed or _run_before(text, q)
            or own or _next_to_programme(text, q, runs, words) or _head_in_clause(after)
            or bool(JOINED_MODEL.match(name)))


def _metaphor_before(text: str, q: Span, before: str, words: Words) -> bool:
    """成为|劳动者的“贴心站”: a copula, or 的 after a noun (a possessive: what something is
    to someone); 建起的“暖蜂驿站” (的 after a verb) names what was built."""
    if not before.endswith(METAPHOR_BEFORE) or before.endswith(DESIGNATE_BEFORE + CONFER_BEFORE):
        return False
    if not before.endswith("的"):
        return True
    before_de = words.within(max(0, q.start - 1 - AFTER_REACH), q.start - 2)
    return bool(before_de) and before_de[-1].tag in NOUN_TAGS | {"PER", "LOC", "ORG"}


def _likeness(text: str, q: Span, words: Words) -> bool:
    """成为户外劳动者的“贴心站”。: after a copula or a possessive, closing its clause, with
    no head noun after it, a quote says what something is like."""
    before = text[max(0, q.start - 8):q.start - 1].rstrip()
    after = text[q.end + 1:q.end + 9]
    closes = not after or bool(CLAUSE_END.match(after))
    return closes and not after.startswith(HEAD_NOUNS_AFTER) \
        and _metaphor_before(text, q, before, words)


def _run_before(text: str, q: Span) -> bool:
    """A verb of running or a category noun before the quote, across the dates and
    ordinals between them (开展2023年第二次“…”) or the 的 of a verb (举办的“…”)."""
    before = MODIFIERS_BEFORE.sub("", text[max(0, q.start - 17):q.start - 1].rstrip())
    if before.endswith(VERBS_BEFORE + CATEGORY_BEFORE):
        return True
    return before.endswith("的") and before[:-1].endswith(VERBS_BEFORE) \
        and not before[:-1].endswith(SINGLE_CHAR_VERBS)


# 以 and 创 are verbs before a quote, not before 的 (所以的, 首创的).
SINGLE_CHAR_VERBS = tuple(v for v in VERBS_BEFORE if len(v) == 1)


def _conferred(text: str, q: Span) -> bool:
    """被评为“龙江工匠”, 命名表扬“最美劳动者”50名: a title given or counted in people."""
    before = text[max(0, q.start - 8):q.start - 1].rstrip()
    after = text[q.end + 1:q.end + 9]
    return BATCH_BEFORE.sub("", before).endswith(CONFER_BEFORE) \
        or bool(PEOPLE_COUNT_AFTER.match(after)) or before.endswith("表扬")


def _contrasts(text: str, quotes: list[Span]) -> set[int]:
    """以“小驿站”承载“大关怀”, 用“小故事”讲好“大道理”: 小 set against 大 in one clause is
    a figure of speech; the starts of both quotes."""
    found: set[int] = set()
    for first, second in zip(quotes, quotes[1:], strict=False):
        pair = first.text[:1] + second.text[:1]
        between = text[first.end + 1:second.start - 1]
        if pair in ("小大", "大小") and len(between) <= CONTRAST_GAP \
                and not CLAUSE_END.search(between) \
                and max(len(first.text), len(second.text)) <= CONTRAST_LEN:
            found |= {first.start, second.start}
    return found


# The end of 从“X”到 (向, 升级为 …) just before a quote: the quote is the state reached.
CHANGE_TO = re.compile(r"从“[^“”]{1,12}”(?:到|向|为|变为|升级为|转为|变成)$")
CONTRAST_GAP = 6
CONTRAST_LEN = 5
NOUN_TAGS = frozenset({"n", "vn", "nz", "nw"})
AFTER_REACH = 10
CLAUSE_END = re.compile(r"[,，。;；:：、!！?？“”\n()（）]")


# “三大平台”, “五大产业”, “小三级”: a numbered label; “五一”, “三八”: a date that names a day.
# (“五个一行动”, a number after 个, counts the actions of one programme; “三级对话” is a
# mechanism named by its three levels.)
NUMBERED = re.compile(r"^(?:[一二两三四五六七八九十百]+[大个](?![一二两三四五六七八九十])"
                      r"|小[一二三四五六七八九十]+级$|[一二三四五六七八九十]+$)")
# The heads after a quote that make even a list of clauses or a phrase with 的 a name:
# 以“劳动光荣,创造伟大”为主题, “查堵点、破难题、促发展”活动, “码上办、马上办”线上服务平台.
LIST_HEADS = CLAUSE_HEADS + ("平台", "为主题", "主题", "系列")
# A list of a few short words (建、管、用, 精准识别、靶向帮扶) enumerates methods.
SHORT_ITEM = 4


def _plain_name(name: str) -> bool:
    """A quote shaped like one name: not a list of clauses (上下联动、全域覆盖), a
    numbered label or a date."""
    return not re.search(r"[、,，]", name) and not NUMBERED.match(name)


def _noun_after(text: str, q: Span, words: Words) -> bool:
    """“同城融圈”战略, “先锋号”宣讲团, “12355”改革创新专项行动: a noun right after the quote
    is the head the quote names (read with LAC's tags of the words after it)."""
    return _noun_at(text, q.end + 1, words)


def _noun_at(text: str, start: int, words: Words) -> bool:
    stop = CLAUSE_END.search(text, start, start + AFTER_REACH)
    end = stop.start() if stop else min(len(text), start + AFTER_REACH)
    if end <= start:
        return False
    found = words.within(start, end)
    # “小三级”工会: a quote before 工会 names a kind of union, not an initiative.
    return bool(found) and found[0].start == start and found[0].tag in NOUN_TAGS \
        and found[0].text != "工会"


def _joined_to(text: str, q: Span, by_start: dict[int, Span], by_end: dict[int, Span],
               accepted: set[str]) -> bool:
    """将“金秋助学”与“求职助航”结合: a quote joined by 与, 和 or 、 to a programme is one too.

    The joined quote is the one closing three characters before this one opens (”与“),
    or opening three after it closes: looked up by offset, not searched for."""
    for other, joiner in ((by_end.get(q.start - 3), q.start - 2),
                          (by_start.get(q.end + 3), q.end + 1)):
        if other and other.text.strip() in accepted and text[joiner] in QUOTE_JOINERS[1:]:
            return True
    return False


def _excluded(text: str, q: Span, people: _Names, words: Words) -> bool:
    """What a quote cannot be, whatever the words around it say."""
    name = q.text.strip()
    before = text[max(0, q.start - 8):q.start - 1].rstrip()
    after = text[q.end + 1:q.end + 9]
    named = _head_in_clause(after, LIST_HEADS)
    if not _plausible_name(name, named) or _speech(name, before, text, q):
        return True
    if not named and (_short_list(name) or ("的" in name and len(name) > DESCRIPTION)):
        return True  # 加快建成中部地区崛起的重要战略支点: a description, not a name
    if NUMBERED.match(name) or is_facility_type(name):
        return True
    if name.endswith("工会") and not JOINED_MODEL.match(name):
        return True  # “三级工会”: a kind of union, as “小三级”工会 is (“法院+工会” is a model)
    if name.isdigit() and not _noun_after(text, q, words):
        return True
    if name in stopwords() or PLAN.match(name) or name.endswith(standard_honours()) \
            or name in PLATFORMS:
        return True
    if after.startswith(("为主要内容", "为内容")) or before.endswith("简称"):
        return True
    if before.endswith("从") or CHANGE_TO.search(text, max(0, q.start - 24), q.start - 1):
        return True  # 从“休息点”升级为“幸福站”: the states of a change, not names
    if after.startswith(TITLE_AFTER) or _title_of_person(text, q.end + 1, people):
        return True
    if after.startswith("工作室"):
        return True  # “乐山工匠”工作室: the quote names one studio
    if not BRAND_TITLE.match(name) and (BATCH_BEFORE.sub("", before).endswith(CONFER_BEFORE)
                                        or PEOPLE_COUNT_AFTER.match(after)):
        return True
    single_unit = name.endswith(SINGLE_UNIT_ENDS) and not name.endswith(COURSE_ENDS)
    return single_unit or _named_after_person(name, people)


def _head_in_clause(after: str, heads: tuple[str, ...] = CLAUSE_HEADS) -> bool:
    """“聚力‘十四五’ 奋斗新征程”岗位练兵劳动竞赛: the head noun closes the clause."""
    clause = re.split(r"[,，。、;；:：“”()（）\s]", after, maxsplit=1)[0]
    return any(head in clause for head in heads)


def _short_list(name: str) -> bool:
    items = name.split("、")
    return len(items) > 1 and all(len(item) <= SHORT_ITEM for item in items)


def _plausible_name(name: str, named: bool = False) -> bool:
    """Not too long or short, no sentence. A name before the head noun it names may be
    longer (“中国工人大思政课·铜仁篇——…”特色品牌). (A bare number is a name only
    before a noun, “3456”工作法, “12355”改革创新专项行动: see _excluded.)"""
    if not name or len(name) > (MAX_NAMED if named else MAX_NAME) or len(name) < 2:
        return False
    return not (re.search(r"[。！？!?；;…]", name) or name.endswith(("：", ":")))


def _speech(name: str, before: str, text: str, q: Span) -> bool:
    """Quoted speech: after a speech verb or a colon, or a clause with a subject."""
    if before.rstrip().endswith(SPEECH_BEFORE):
        return True
    at_paragraph_start = q.start <= 1 or text[q.start - 2] == "\n"
    return at_paragraph_start and len(name) > 10 and "," in name


def _title_of_person(text: str, pos: int, people: _Names) -> bool:
    """“燕赵工匠”、华远钢构长沙有限公司职工孙立平: a title standing before a person."""
    if not text.startswith(("、", ","), pos):
        return False
    clause = re.split(r"[，。;；:：\n]", text[pos + 1:pos + 40], maxsplit=1)[0]
    return people.close_or_follow(clause)


def _named_after_person(name: str, people: _Names) -> bool:
    return name.endswith("工作室") and people.open(name)


class _Names:
    """The people's names, looked up piece by piece: a clause asks a few dozen questions
    of a set, however many people the report names."""

    def __init__(self, names: list[str]) -> None:
        self._names = set(names)
        self._sizes = sorted({len(n) for n in self._names})

    def open(self, word: str) -> bool:
        """word starts with a name (周海川劳模创新工作室)."""
        return any(word[:size] in self._names for size in self._sizes)

    def close_or_follow(self, clause: str) -> bool:
        """The clause ends with a name, or names someone after its first word."""
        for size in self._sizes:
            for i in range(len(clause) - size + 1):
                piece = clause[i:i + size]
                if piece in self._names and (i + size == len(clause) or (
                        i > 0 and not clause.startswith(piece))):
                    return True
        return False


def _next_to_programme(text: str, q: Span, runs: _QuoteRuns, words: Words) -> bool:
    # “服务职工就业”“服务职工项目”“服务职工阵地”三大工作品牌, “春暖行动…”暨“奋斗新时代…”
    # 劳动竞赛: a run of quotes shares the head noun of its last member.
    pos = runs.end_from(q.end + 1)
    return pos > q.end + 1 and (text[pos:pos + 8].startswith(HEAD_NOUNS_AFTER + (
        "等", "三大", "两大")) or _noun_at(text, pos, words))


class _QuoteRuns:
    """Where a run of quotes joined by 暨, 和, 、 … ends. Every quote of a run asks, so
    the end found from each offset is kept: each run is read once, not once per quote."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._closes = [m.start() for m in re.finditer("”", text)]
        self._ends: dict[int, int] = {}

    def end_from(self, pos: int) -> int:
        """Offset after the last quote of the run starting at pos (pos itself when no
        quote follows), or -1 when a quote of the run never closes."""
        walked = []
        while pos not in self._ends:
            step = self._step(pos)
            if step == pos or step < 0:
                self._ends[pos] = step
            else:
                walked.append(pos)
                pos = step
        end = self._ends[pos]
        self._ends.update(dict.fromkeys(walked, end))
        return end

    def _step(self, pos: int) -> int:
        """Offset after the quote joined on at pos; pos when none is; -1 if it never closes."""
        joined = next((j for j in QUOTE_JOINERS if self._text.startswith(j + "“", pos)), None)
        if joined is None:
            return pos
        close = self._close_after(pos + len(joined) + 1)
        return close + 1 if close >= 0 else -1

    def _close_after(self, pos: int) -> int:
        i = bisect_left(self._closes, pos)
        return self._closes[i] if i < len(self._closes) else -1


def _kind(text: str, q: Span) -> str:
    name = q.text.strip()
    after = text[q.end + 1:q.end + 6]
    if len(SLOGAN_SPLIT.split(name)) >= 2 and len(name) >= 6:
        return "slogan"
    if after.startswith(("平台", "线上", "网上")) or name.endswith("平台"):
        return "platform"
    if after.startswith(("活动", "行动", "竞赛", "劳动竞赛", "评选",
                        "大赛")) or name.endswith("行动"):
        return "campaign"
    if after.startswith("品牌") or name.endswith(("卡", "杯", "驿站", "之家", "小屋", "母婴室")):
        return "brand"
    return "programme"
