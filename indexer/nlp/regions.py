"""Province, city and county mentions, resolved against the gazetteer, and the primary region.

How a name in the text becomes a region:

1. Every full official name (民乐县), retired name (长乐市) and short form (民乐, 甘肃)
   is matched, longest first.
2. A mention is dropped when the words around it show it is not the place itself:
   a street, community, village, town, road or station (文昌社区, 长春路, 桂林北站),
   a company, bank or state-owned unit (四川宏远塑业有限公司, 国网长春供电公司,
   大冶特钢), a given name after a title (主席董卫东 is not 卫东区), or a
   two-character county read out of a longer word (示范县 is not 范县). A district of
   the place written right after it is not such a word (张家口市桥西区 is no bridge).
   A short form with 州 is the autonomous prefecture (大理州, not 大理市).
3. Names shared by several units (朝阳区, 新华区, 城关区) are resolved from the
   other places the article names; without any, the better-known unit wins
   (a municipality's district, then a provincial capital's).
   A place inside the name of a company, state firm or facility (国网长春供电公司,
   凭祥站区, 四川宏特新材料科技有限公司) is where that body is: it counts among the
   regions, but not for the primary region (unless the text names no other place), nor
   as a place organisations and figures are placed in. Streets, roads and communities
   named after a place are not the place.
   A medium's name in a dateline (海南日报讯, 黄南新闻网讯) is the source, not a region.
4. A county short form that is also an everyday word (新建 "newly built", 龙江 in
   龙江工匠) needs evidence: a higher unit right before it (南昌市新建), a body named
   after it (新建总工会), or the model's LOC tag; where the model reads the span as part
   of another word, the article naming its province is not enough.
5. County short forms (民乐, 鄞州, 闽侯) are ordinary words too often to be taken on
   their own: they count when the article also names their city or province, or
   when a union, government or local medium is named after them (鄞州新闻); a
   county named only in a website's name (华龙网) needs its city named too.

The primary region is the place the report is about: the unit whose union the
headline names (长春市总工会:…); else the most specific unit in the headline and
dateline, then — when that is a city or province — the one county (or city) under it
that the article names, if there is exactly one. Counties named only as venues
(州总工会在西昌市召开会议, 走访了…夷陵区的企业) do not count as what it is about,
nor does a county opening an honouree's long entry in a list (涉县…理事长 李宝山、).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from indexer.nlp.gazetteer import MUNICIPALITIES, RegionGazetteer, gazetteer
from indexer.nlp.lexicon import word_tags
from indexer.nlp.names import ROLE_WORDS_LONGEST_FIRST, surnames
from indexer.nlp.proposers.lac import NO_PROPOSALS, Proposals
from indexer.nlp.text import LONG_LINE, is_boundary, is_cjk, lead_end

# Words after a place name that make the whole a smaller place, a road or a facility.
PLACE_WORD_AFTER = (
    "街道", "社区", "大街", "大道", "胡同", "小区", "新村", "花园", "广场", "公园", "大厦",
    "机场", "站区", "车站", "大学", "学院", "中学", "小学", "医院", "宾馆", "饭店", "酒店",
    "路", "街", "巷", "村", "镇", "乡", "站", "桥", "港", "舰", "湖", "银行", "航空", "证券",
    "保险",
    "东路", "西路", "南路", "北路", "中路", "东街", "西街", "南街", "北街", "大桥",
)
# Of those, the ones that make the whole a facility or firm located in the place.
FACILITY_AFTER = ("机场", "站区", "车站", "大学", "学院", "医院", "站", "港", "银行", "航空",
                  "证券", "保险")
# The model's tags of words that are no place: verbs, adjectives, adverbs (新建 "build").
NOT_A_PLACE_TAGS = frozenset({"v", "vd", "vn", "a", "ad", "an", "d"})
# 海南日报讯, 黄南新闻网讯, 新疆平安网 1月21日: a medium's name opening a dateline.
DATELINE_MEDIUM = re.compile(r"[\u4e00-\u9fff]{0,4}(?:日报|晚报|新闻网|网|电视台|广播电视台|融媒)"
                             r"(?:讯|消息|[ 　]+\d)")
# …but 乡镇, 村民 after a county are its townships and villagers, not a place of that name.
GENERIC_AFTER = ("乡镇", "乡村", "村镇", "镇村", "村民", "村级", "镇街", "街镇", "村居",
                 "村（社区）")
COMPANY_WORDS = ("有限责任公司", "股份有限公司", "有限公司", "股份公司", "集团", "公司", "银行",
                 "大学", "学院", "医院")
# A company name runs without these; meeting one first means the place is not in it
# (会 and 委 end 总工会 and 工委; 工 alone is in 建工集团 and 电工集团).
COMPANY_BREAK = "、，,。；;：:“”()（）的在和与及为向由对把将从是委府院会 \n"
STATE_FIRMS = (
    "国网", "国铁", "中铁", "中建", "中交", "中冶", "中煤", "中化", "中核", "中电", "中石油",
    "中石化", "中海油", "中国石油", "中国石化", "中国移动", "中国联通", "中国电信", "国家电网",
    "南方电网", "华能", "大唐", "华电", "国电", "神华", "中广核", "招商局", "中粮",
)
# Trades that make a short place name the start of a firm's name (大冶特钢, 淮南矿业).
INDUSTRY_AFTER = ("特钢", "钢铁", "钢厂", "矿业", "煤业", "煤矿", "化工", "重工", "电厂", "水泥",
                  "制药", "纺织", "啤酒", "卷烟", "石化", "炼化", "有色")
# National media whose names start with a place name (新华 is also 新华区).
NATIONAL_MEDIA = ("新华社", "新华网", "新华每日电讯", "新华日报")
# After a short form, these show the name stands for the unit itself.
BODY_WORDS_AFTER = (
    "总工会", "工会", "总", "市委", "县委", "区委", "旗委", "州委", "省委", "政府", "人大", "政协",
    "工匠", "籍", "人民",
)
MEDIA_WORDS_AFTER = ("日报", "晚报", "新闻", "融媒", "电视", "广播", "发布", "网")
UNIT_WORDS_AFTER = BODY_WORDS_AFTER + MEDIA_WORDS_AFTER
# …of which 工会 alone does not make a county short form stand on its own: 新建工会,
# 组建工会 are "found unions" far more often than a county's union without 总.
STANDALONE_BODY_WORDS = tuple(w for w in BODY_WORDS_AFTER if w != "工会")
# Short forms of cities that are also everyday words (安康 "well-being", 日照 "sunshine").
COMMON_WORD_CITIES = frozenset(
    ["大同", "朝阳", "中山", "黄山", "白山", "长治", "三明", "安康", "安顺", "白银", "中卫",
        "阿里", "日照", "东方", "天门", "河源", "北海", "来宾", "和田", "大理", "山南", "兴安",
        "红河", "玉树", "普洱", "四平", "黑河", "开封", "德州", "包头", "海东", "海北", "海西",
        "定西", "天水", "清远", "云浮", "丽水", "保山", "文山", "宜春", "吉安", "永州", "泰安",
        "金华", "铜仁", "通化", "承德", "六安", "资阳", "眉山", "辽源", "松原", "遂宁"]
)
# Short forms that are also phrases of the article's own unit: 全州工会系统 is "the whole
# prefecture's unions", not Guilin's 全州县; they count only where the article names their
# city or province.
PHRASE_SHORT_FORMS = frozenset({"全州"})
# Full names that are also generic words (老城区 and 新城区, 城中村).
GENERIC_FULL_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "新城区", "市中区",
                               "城中区"})
# Too generic to be read as a place at all; the longer ones above count where they stand
# as a name (呼和浩特市新城区, 城中区总工会, 城中区、鱼峰区).
NEVER_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区"})
# 新城区 is also "the new town" of any city: it counts only where it stands as a name.
NAME_ONLY_WHERE_STANDING = frozenset({"新城区"})
TWO_CHAR_BEFORE_OK = "在到于赴和与及、是对向为由从将把去来自往"
TWO_CHAR_AFTER_BAD = "级域城长里"
# 走进黟县, 抵达浚县: a verb of going ends right before the place, so a word starts there.
TWO_CHAR_AFTER_VERBS = ("走进", "抵达", "到达", "来到", "深入", "前往", "走访", "落户", "扎根",
                        "位于")
DIRECTIONS = "东西南北"
# 在西昌市, 在会理市、冕宁县等地: the place where something happens.
VENUE = re.compile(r"(?:在|于|赴|走访了?|走进|深入|来到|前往)(?:[^,，。;；:：\n]*、)?$")
DOMINANT = 3
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
# The unit word written after the short form of an autonomous unit, and that unit's level.
AUTONOMOUS_UNIT_WORDS = {"州": "city", "县": "county", "旗": "county"}
EARLY = 300
# A list item this long names a person with an employer and post, not a place.
LONG_LIST_ITEM = 12


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    candidates: list[str]
    short: bool
    adcode: str | None = None
    needs_context: bool = False
    # Named only as a medium (华龙网, 天山网): such names are often not the county at all.
    media_only: bool = False
    # Inside a firm's or facility's name (国网长春供电公司): a region, not the report's place.
    in_name: bool = False
    # A medium opening a dateline (海南日报讯): the source, not a region of the report.
    dateline: bool = False


@dataclass
class RegionResult:
    regions: list[dict[str, Any]] = field(default_factory=list)
    primary: dict[str, Any] | None = None
    mentions: list[Mention] = field(default_factory=list)


class RegionMatcher:
    """Longest-match lookup of every surface form of every unit."""

    def __init__(self, gaz: RegionGazetteer) -> None:
        self.gaz = gaz
        self.forms: dict[str, list[tuple[str, bool]]] = {}
        for surface, code, short in gaz.surface_forms():
            if surface in NEVER_NAMES and not short:
                continue
            self.forms.setdefault(surface, []).append((code, short))
        # For each first character, the lengths of the names starting with it, longest first.
        lengths: dict[str, set[int]] = {}
        for surface in self.forms:
            lengths.setdefault(surface[0], set()).add(len(surface))
        self.lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def scan(self, text: str) -> list[Mention]:
        found = []
        i = 0
        while i < len(text):
            for length in self.lengths.get(text[i], ()):
                entries = self.forms.get(text[i:i + length])
                if entries:
                    mention = self._mention(i, text[i:i + length], entries)
                    found.append(self._prefecture(text, mention))
                    i = mention.end
                    break
            else:
                i += 1
        return found

    def _mention(self, start: int, surface: str, entries: list[tuple[str, bool]]) -> Mention:
        full = [code for code, short in entries if not short]
        codes = full or [code for code, _ in entries]
        return Mention(start, start + len(surface), surface, sorted(set(codes)), short=not full)


    def _prefecture(self, text: str, m: Mention) -> Mention:
        """大理州, 伊犁州, 黔东南州: a short form with 州 is the autonomous prefecture,
        even where a county shares the short form (大理市). So too 通道县 and 鄂伦春旗
        for an autonomous county or banner (通道侗族自治县, 鄂伦春自治旗)."""
        word = text[m.end:m.end + 1]
        if not m.short or word not in AUTONOMOUS_UNIT_WORDS:
            return m
        level = AUTONOMOUS_UNIT_WORDS[word]
        units = [c for c in m.candidates if self.gaz.get(c)["name"].endswith(word)
                 and self.gaz.get(c)["level"] == level]
        if not units or (word != "州" and not all(
                self.gaz.get(c)["name"].endswith("自治" + word) for c in units)):
            return m
        return Mention(m.start, m.end + 1, m.surface + word, units, short=False)


@cache
def region_matcher() -> RegionMatcher:
    return RegionMatcher(gazetteer())


def extract_regions(text: str, gaz: RegionGazetteer | None = None,
                    proposals: Proposals = NO_PROPOSALS) -> RegionResult:
    """The regions of a text; ``proposals`` (the model's tags) are evidence for short
    forms that are also words."""
    gaz = gaz or gazetteer()
    matcher = region_matcher() if gaz is gazetteer() else RegionMatcher(gaz)
    mentions = []
    for m in matcher.scan(text):
        after_place = bool(mentions) and mentions[-1].end == m.start
        if plausible(text, m, gaz, after_place) and _evidenced(text, m, proposals, after_place):
            mentions.append(m)
    mentions = _without_nicknames(mentions, gaz)
    _resolve(mentions, text, gaz)
    _drop_stray_media(mentions, gaz)
    resolved = [m for m in mentions if m.adcode]
    kept = [m for m in resolved if not m.in_name and not m.dateline]
    # A report naming no place but the one its firm is named after (国网长春供电公司) is
    # about that place.
    primary = primary_region(text, kept or [m for m in resolved if not m.dateline], gaz)
    listed = [m for m in resolved if not m.dateline]
    return RegionResult(regions=_group(listed, gaz), primary=primary, mentions=kept)


# -- filters ---------------------------------------------------------------


def plausible(text: str, m: Mention, gaz: RegionGazetteer, after_place: bool = False) -> bool:
    """Whether the words around a matched name leave it a place (rule 2 above); marks a
    place inside a firm's name (``in_name``) and a dateline medium (``dateline``)."""
    after = text[m.end:m.end + 20]
    before = text[max(0, m.start - 4):m.start]
    place_word = after.startswith(PLACE_WORD_AFTER) and not _unit_below(after, m, gaz)
    if text.startswith(NATIONAL_MEDIA, m.start):
        return False
    if place_word and not after.startswith(UNIT_WORDS_AFTER + GENERIC_AFTER):
        if not after.startswith(FACILITY_AFTER):
            return False
        m.in_name = True
    station = m.short and after[:1] in DIRECTIONS and (len(after) < 2 or not is_cjk(after[1])
                                                       or after[1] in "站等和及")
    if (_in_company(after) or before.endswith(STATE_FIRMS) or station
            or (m.short and after.startswith(INDUSTRY_AFTER))):
        m.in_name = True  # 国网长春供电公司, 大冶特钢, 桂林北站: the firm or station is there
    m.dateline = bool(DATELINE_MEDIUM.match(text, m.end)) and _opens_line(text, m.start)
    if len(m.surface) == 2 and not m.short:
        return after_place or _two_char_county_ok(before, after)
    if m.short and _given_name_after_title(text, m.start):
        return False
    if m.short:
        m.candidates = _city_over_its_seat(m.candidates, gaz)
    levels = {gaz.get(c)["level"] for c in m.candidates}
    if m.short and "province" not in levels:
        m.needs_context = "county" in levels or m.surface in COMMON_WORD_CITIES
        if m.surface in PHRASE_SHORT_FORMS:
            m.needs_context = True
        elif after.startswith(STANDALONE_BODY_WORDS):
            m.needs_context = False
        elif after.startswith(MEDIA_WORDS_AFTER):
            m.needs_context, m.media_only = False, "county" in levels
    if m.surface in GENERIC_FULL_NAMES:
        m.needs_context = True
        listed = "、" in before[-1:] + after[:1]
        standing = after_place or listed or after.startswith(BODY_WORDS_AFTER)
        return standing or m.surface not in NAME_ONLY_WHERE_STANDING
    return True


def _without_nicknames(mentions: list[Mention], gaz: RegionGazetteer) -> list[Mention]:
    """龙江工匠, 新龙江 in a report naming 黑龙江省: a county short form written inside
    the name of a province or city the text names is that unit's nickname, not the
    county (the corpus rules count no nickname)."""
    higher = {m.surface for m in mentions
              if not m.short or any(c[4:] == "00" for c in m.candidates)}
    return [m for m in mentions
            if not (m.short and all(c[4:] != "00" for c in m.candidates)
                    and any(m.surface in name and m.surface != name for name in higher))]


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" 　◆■●")


def _evidenced(text: str, m: Mention, proposals: Proposals, after_place: bool) -> bool:
    """A county short form is a place only with evidence: a unit right before it, a body
    after it, or the model reading it as a place or inside an organisation's name (新建
    is a verb in 新建工会驿站, 龙江 part of the title 龙江工匠); read as a noun of its own
    (全州), the article's context decides as before. Without the model, a form
    jieba tags as a verb, adjective or adverb (复兴, 振兴, 前进) needs the first two."""
    if not m.short or after_place or text.startswith(STANDALONE_BODY_WORDS, m.end):
        return True
    if not all(c[4:] != "00" for c in m.candidates):
        return True  # a province or city: COMMON_WORD_CITIES ask for context already
    if proposals.tokens:  # the model ran: it read the span as a place, a name, or a word
        words = proposals.tokens_over(m.start, m.end)
        # An ORG word of the short form alone says nothing (◆新建 read as a name).
        if any(t.tag == "LOC" or (t.tag == "ORG" and t.end - t.start > len(m.surface))
               for t in words):
            return True
        crossed = any(t.start < m.start or t.end > m.end for t in words)
        return not crossed and not any(t.tag in NOT_A_PLACE_TAGS for t in words)
    return word_tags().get(m.surface, "") not in NOT_A_PLACE_TAGS


def _unit_below(after: str, m: Mention, gaz: RegionGazetteer) -> bool:
    """张家口市桥西区, 贵港市港北区, 唐山市路南区: the word after the place is not a bridge,
    port or road but the full name of a unit under it."""
    forms = region_matcher().forms
    for length in range(2, min(len(after), 8) + 1):
        for code, short in forms.get(after[:length], ()):
            if not short and any(c in gaz.ancestors(code) for c in m.candidates):
                return True
    return False


def _given_name_after_title(text: str, start: int) -> bool:
    """主席董卫东: a short form right after a title and a surname is a given name."""
    single, _ = surnames()
    if start < 2 or text[start - 1] not in single:
        return False
    head = text[max(0, start - 13):start - 1].rstrip(" :：")
    return head.endswith(ROLE_WORDS_LONGEST_FIRST)


def _city_over_its_seat(candidates: list[str], gaz: RegionGazetteer) -> list[str]:
    """荆州 is 荆州市, not its own 荆州区: a city wins over the districts it contains."""
    cities = [c for c in candidates if gaz.get(c)["level"] == "city"]
    if len(cities) == 1 and all(c == cities[0] or gaz.parent_city_code(c) == cities[0]
                                for c in candidates):
        return cities
    return candidates


def _drop_stray_media(mentions: list[Mention], gaz: RegionGazetteer) -> None:
    """华龙网 in a Chongqing report is a website, not 华龙区: a county named only in a
    medium's name counts when the article names nothing else, or names its city."""
    if not any(m.media_only for m in mentions):
        return
    local = {o.adcode for o in mentions if o.adcode and not o.media_only and o.adcode[4:] != "0000"}
    local_cities = {gaz.parent_city_code(c) for c in local}
    for m in mentions:
        if not m.media_only or m.adcode is None:
            continue
        city = gaz.parent_city_code(m.adcode)
        if local and not (m.adcode in local or city in local or city in local_cities):
            m.adcode = None


def _in_company(after: str) -> bool:
    """True when a company name runs on from the place name (华远钢构长沙有限公司)."""
    rest = after.lstrip(")）")
    window = rest[:16]
    for word in COMPANY_WORDS:
        pos = window.find(word)
        if pos >= 0 and not any(ch in COMPANY_BREAK for ch in window[:pos]):
            return True
    return False


def _two_char_county_ok(before: str, after: str) -> bool:
    # 滑县 and 浚县 are whole names, but 示范县 or 和县 can sit inside other words:
    # take them only where a word can start and end.
    prev = before[-1:] if before else ""
    starts_word = (is_boundary(prev) or not is_cjk(prev) or prev in TWO_CHAR_BEFORE_OK
                   or before.endswith(TWO_CHAR_AFTER_VERBS))
    ends_word = after[:1] not in TWO_CHAR_AFTER_BAD
    return starts_word and ends_word


# -- resolution ------------------------------------------------------------


def _resolve(mentions: list[Mention], text: str, gaz: RegionGazetteer) -> None:
    direct = _Resolved(gaz)
    for m in mentions:
        if len(m.candidates) == 1 and not m.needs_context:
            m.adcode = m.candidates[0]
            direct.add(m.adcode)
    for i, m in enumerate(mentions):
        if m.adcode is None and not m.needs_context:
            m.adcode = _best(m, _neighbours(mentions, i), direct, gaz, required=False)
            if m.adcode:
                direct.add(m.adcode)
    for i, m in enumerate(mentions):
        if m.adcode is None and m.needs_context:
            m.adcode = _best(m, _neighbours(mentions, i), direct, gaz, required=True)


class _Resolved(set[str]):
    """The units resolved so far, and the cities they imply, kept up as units are added
    (computing the cities afresh for every mention would make resolution quadratic)."""

    def __init__(self, gaz: RegionGazetteer) -> None:
        super().__init__()
        self.gaz = gaz
        self.implied_cities: set[str] = set()

    def add(self, code: str) -> None:
        super().add(code)
        city = self.gaz.parent_city_code(code)
        if city:
            self.implied_cities.add(city)


def _best(m: Mention, neighbours: list[Mention], direct: _Resolved, gaz: RegionGazetteer,
          required: bool) -> str | None:
    implied_cities = direct.implied_cities
    scored = []
    for code in m.candidates:
        score, local = _context_score(code, direct, implied_cities, neighbours, gaz)
        if required and not local:
            continue
        level = -LEVEL_RANK[gaz.get(code)["level"]]
        # A bare short form means the larger unit (河北 is the province, not Tianjin's
        # 河北区); a full name shared by districts means the better-known one.
        order = (level, _prominence(code, gaz)) if m.short else (_prominence(code, gaz), level)
        scored.append((score, *order, -int(code), code))
    if not scored:
        return None
    return max(scored)[-1]


def _neighbours(mentions: list[Mention], i: int) -> list[Mention]:
    """The mentions written right before and right after mentions[i] (石家庄市新华区).
    Mentions are in text order and never overlap, so only the two beside it can touch it."""
    m = mentions[i]
    return [o for o in mentions[max(0, i - 1):i + 2]
            if o is not m and (o.end == m.start or o.start == m.end)]


def _context_score(code: str, direct: set[str], implied_cities: set[str],
                   neighbours: list[Mention], gaz: RegionGazetteer) -> tuple[int, bool]:
    """How well the rest of the article supports this unit, and whether the support is
    local (the unit itself, its city, a neighbour in the chain, or a municipality)."""
    ancestors = gaz.ancestors(code)
    score = 0
    local = False
    if code in direct:
        score, local = score + 4, True
    if ancestors and ancestors[0] in direct:
        score += 3
        local = local or gaz.get(ancestors[0])["level"] == "city" or ancestors[0] in MUNICIPALITIES
    if len(ancestors) > 1 and ancestors[-1] in direct:
        score += 2
    if ancestors and ancestors[0] in implied_cities and ancestors[0] != code:
        score, local = score + 1, True
    # A chain (河北沧州, 沧州市新华区) settles the reading whatever else the article names.
    for other in neighbours:
        if other.adcode in ancestors or code in gaz.ancestors(other.adcode or code):
            score, local = score + 10, True
    return score, local


def _prominence(code: str, gaz: RegionGazetteer) -> int:
    # Without context the reader means the better-known unit: Beijing's 朝阳区
    # before Changchun's, a provincial capital's 鼓楼区 before a small city's.
    if code[:2] + "0000" in MUNICIPALITIES:
        return 2
    city = gaz.parent_city_code(code)
    return 1 if city and city[4:6] == "00" and city[2:4] == "01" else 0


def _group(kept: list[Mention], gaz: RegionGazetteer) -> list[dict[str, Any]]:
    by_code: dict[str, dict[str, Any]] = {}
    for m in kept:
        assert m.adcode
        if m.adcode not in by_code:
            by_code[m.adcode] = {**gaz.get(m.adcode), "mentions": []}
        by_code[m.adcode]["mentions"].append([m.start, m.end])
    return list(by_code.values())


# -- primary region ----------------------------------------------------------


def primary_region(text: str, kept: list[Mention], gaz: RegionGazetteer) -> dict[str, Any] | None:
    if not kept:
        return None
    acting_union = _union_in_headline(text, kept, gaz)
    if acting_union:
        return gaz.get(acting_union)
    lead = lead_end(text)
    lead_codes = [m.adcode for m in kept if m.start < lead and m.adcode]
    acting = [m.adcode for m in kept if m.start < lead and m.adcode and not _at_venue(text, m)]
    if acting:
        lead_codes = acting
    code = _most_specific(lead_codes, gaz) if lead_codes else _most_mentioned(kept, gaz)
    if code is None:
        return None
    # Only a unit named early, or more than once, is what the whole report is about.
    counts = Counter(m.adcode for m in kept)
    prominent = {m.adcode for m in kept if m.adcode and (m.start < EARLY or counts[m.adcode] > 1)}
    venues = {m.adcode for m in kept if m.adcode} - {
        m.adcode for m in kept if not _at_venue(text, m)}
    code = _descend(code, prominent, gaz, venues, counts)
    return gaz.get(code)


def _union_in_headline(text: str, kept: list[Mention], gaz: RegionGazetteer) -> str | None:
    """长春市总工会:… as the headline: that union acts, so the report is about its unit,
    even where the text goes on to one district it works with."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end - start > LONG_LINE:
        return None
    codes = [m.adcode for m in kept
             if m.adcode and m.start < end and text.startswith(("总工会", "总"), m.end)]
    return _most_specific(codes, gaz) if codes else None


def _at_venue(text: str, m: Mention) -> bool:
    """A county named as where something took place (州总工会在西昌市召开会议, 在会理市、
    冕宁县等地): the report is about the body that acts there, not about the venue."""
    clause = re.split(r"[,，。;；:：\n]", text[max(0, m.start - 30):m.start])[-1]
    return bool(m.adcode and m.adcode[4:] != "00"
                and (VENUE.search(clause) or _heads_long_list_item(text, m)))


def _heads_long_list_item(text: str, m: Mention) -> bool:
    """涉县井店镇农民专业合作社理事长 李宝山、…: a county opening one long item of a list of
    honourees is where that person works, not the place the report is about."""
    before = text[max(0, m.start - 1):m.start]
    rest = re.split(r"[,，。;；:：\n]", text[m.start:m.start + 40])[0]
    item = re.split(r"[、等]", rest)[0]
    listed = "、" in rest or before == "、"
    return before in ("、", ":", "：", "有") and listed and len(item) >= LONG_LIST_ITEM


def _most_specific(codes: list[str], gaz: RegionGazetteer) -> str | None:
    for level in ("county", "city", "province"):
        at_level = list(dict.fromkeys(c for c in codes if gaz.get(c)["level"] == level))
        if len(at_level) == 1:
            return at_level[0]
        if len(at_level) > 1:
            return _common_ancestor(at_level, gaz)
    return None


def _common_ancestor(codes: list[str], gaz: RegionGazetteer) -> str:
    cities = {gaz.parent_city_code(c) for c in codes}
    if len(cities) == 1 and None not in cities:
        return cities.pop()  # type: ignore[return-value]
    provinces = {c[:2] + "0000" for c in codes}
    return provinces.pop() if len(provinces) == 1 else codes[0]


def _most_mentioned(kept: list[Mention], gaz: RegionGazetteer) -> str | None:
    counts: Counter[str] = Counter()
    for m in kept:
        assert m.adcode
        counts[m.adcode] += 1
        for ancestor in gaz.ancestors(m.adcode):
            counts[ancestor] += 1
    provinces = [c for c in counts if gaz.get(c)["level"] == "province"]
    best = max(provinces, key=lambda c: counts[c])
    cities = [c for c in counts if gaz.get(c)["level"] == "city" and c[:2] == best[:2]]
    if cities:
        top = max(cities, key=lambda c: counts[c])
        if counts[top] * 2 >= counts[best]:
            return top
    return best


def _descend(code: str, mentioned: set[str], gaz: RegionGazetteer,
             venues: frozenset[str] | set[str] = frozenset(),
             counts: Counter[str | None] | None = None) -> str:
    """From a city or province to the one unit under it that the article names, if only one,
    or to the one county named more often than all the others together (a report on one
    county that compares it with a neighbour)."""
    level = gaz.get(code)["level"]
    if level == "county":
        return code
    below = {c for c in mentioned if c != code and code in gaz.ancestors(c)}
    counties = {c for c in below if gaz.get(c)["level"] == "county"}
    cities = {c for c in below if gaz.get(c)["level"] == "city"}
    cities |= {gaz.parent_city_code(c) for c in counties} - {None}
    if level == "province" and len(cities) > 1:
        return code
    if len(counties) == 1:
        county = counties.pop()
        return code if county in venues else county
    if counts and len(counties) > 1:
        top = max(counties, key=lambda c: counts[c])
        if counts[top] >= DOMINANT and counts[top] > sum(counts[c] for c in counties - {top}):
            return top
    if level == "province" and len(cities) == 1 and not counties:
        return cities.pop()
    return code
