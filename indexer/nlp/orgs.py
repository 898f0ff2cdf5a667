"""Organisations: union bodies first, then employers, platforms and government bodies.

A union name is found from its head word (总工会, 工会, 联合工会, 工会联合会,
工会委员会, 工协委) by reading back to where the name starts: through the chain
of places (石家庄市新华区), a company (闽侯恒达鞋业有限公司), a township or
community (向阳路街道柳林社区), or a trade (快递物流行业), and stopping at a
verb, a preposition or punctuation.

Names are written the way the union itself is known: the province is left out
before a lower unit (甘肃民乐县总 → 民乐县总工会), a district keeps the city the text
gives it (长沙市天心区总工会), short forms become full names, and the
abbreviation 总 means 总工会 (洛阳市总 → 洛阳市总工会).

Short forms without a place (市总工会, 县总工会, 市总, 省总) are expanded when the
referent is certain: the county the sentence just named, else the article's
primary region at that level (市总工会 in a 洛阳 report → 洛阳市总工会); otherwise
the surface form is kept. Generic mentions (各级工会, 两级总工会, 企业工会) are not
organisations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from indexer.nlp.gazetteer import MUNICIPALITIES, RegionGazetteer, gazetteer
from indexer.nlp.lexicon import is_common_word, starts_verb
from indexer.nlp.proposers.lac import NO_PROPOSALS, Proposals
from indexer.nlp.regions import Mention, RegionResult
from indexer.nlp.text import ByStart, Paragraphs, Span, SpanIndex, is_boundary, is_cjk

UNION_HEAD = re.compile(r"工会联合会|工会委员会|联合工会|总工会|工会|工协委")
WOMEN_COMMITTEE = "女职工委员会"
# 工会驿站, 工会干部 …: the union word names a facility or a role, not a body.
NOT_A_BODY_AFTER = (
    "驿站", "服务站", "服务中心", "之家", "小家", "阵地", "经费", "干部", "工作者", "工作", "系统",
    "组织", "力量", "帮扶", "法", "会员卡", "直播", "文化", "资源", "福利", "培训", "服务", "帮",
    "品牌", "特色", "作用", "领导", "改革", "建设", "事业", "会员服务", "大学", "理论",
    "推进会", "工作会", "座谈会", "会议", "联席会", "担当", "贡献", "联系", "优势", "的",
)
OFFICERS_AFTER = ("主席", "副主席", "常务副主席", "委员会", "负责人", "会员", "成立", "召开",
                  "组织",
                  "干部", "工作人员")
FACILITY_AFTER = ("驿站", "服务站", "服务中心", "之家", "小家", "阵地", "会员卡")
# Facilities named with the union word a few words before them (工会户外劳动者爱心驿站).
FACILITY_WORDS = ("驿站", "服务站", "之家", "小家")
FACILITY_WINDOW = 10
# The model's tags of words that cannot be inside a union's name: verbs, prepositions,
# conjunctions, particles, adverbs.
BREAK_TAGS = frozenset({"v", "p", "c", "u", "d", "ad", "vd", "xc", "w"})
# Words that make a descriptor the name of one body (a firm, a place, a trade); without
# one, only a short name standing alone (星辰科创工会) is taken.
BODY_ANCHORS = (
    "公司", "集团", "局", "厂", "院", "校", "中心", "银行", "协会", "商会", "街道", "社区",
    "乡", "镇",
    "村", "园区", "开发区", "行业", "产业", "系统", "铁路", "建筑", "教育", "卫生", "交通", "邮政",
    "电力", "全国", "中华", "中国", "站区", "段", "矿", "场", "所", "处", "部", "医院", "大学",
    "学院",
    "宾馆", "酒店", "分会", "机关", "委员会", "联合会", "项目",
)
STOP_CHARS = set("的了在到向与和及为对把将从由是被让使给等每该本其之于经据也都还并而或又即就才已曾"
                 "要可应请共")
COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?[个家所座]")
PRONOUNS = set("他她它我你这那")
STOP_WORDS = (
    "携手", "联合", "以及", "代表", "会同", "召开", "举办", "举行", "组织", "开展", "启动", "授予",
    "指导", "推动", "要求", "带领", "来到", "走进", "深入", "成立", "参加", "加入", "支持", "慰问",
    "依托", "通过", "根据", "按照", "依据", "围绕", "面向", "针对", "协调", "联系", "发挥", "帮助",
    "邀请", "组建", "建立", "获得", "荣获", "前往", "走访", "落实", "感谢", "发起", "筹建", "主办",
    "承办", "协办", "牵头", "命名", "表彰", "推出", "打造", "实施", "设立", "成为", "作为", "记者",
    "获悉", "了解", "介绍", "表示", "认为", "指出", "强调", "看到", "得到", "受到", "资助", "上门",
    "彰显", "利用", "助力", "来自", "联合", "携手", "配合",
)
STOP_WORD_SET = frozenset(STOP_WORDS)  # asked of every character read back from a head word
# Enterprise names run long (…有限公司…分公司工会); stop words and punctuation end them.
MAX_DESCRIPTOR = 24
# A descriptor of only these words names a kind of union, not one union.
GENERIC_WORDS = (
    "各级", "两级", "企业", "基层", "站区", "行业", "区域", "乡镇", "街道", "社区", "单位", "县级",
    "市级", "省级", "上级", "地方", "产业", "各地", "联合", "新就业形态", "劳动者", "职工", "会员",
    "女职工", "各", "全", "本", "该", "此", "我们", "我", "所在", "相关", "有关", "广大", "新业态",
    "公司", "集团", "车间", "班组", "非公", "平台", "快递", "外卖", "货运", "司机", "小哥", "骑手",
    "工会", "全区", "全市", "全县", "全省", "全旗", "全州", "上下", "所属", "我市", "我县", "我区",
    "我省", "我旗", "园区", "工业园区", "楼宇", "村", "系统", "县直", "市直", "区直",
)
# After a place, these make the union every one of a kind there (毗邻区县总工会).
PLURAL_WORDS = ("各级", "两级", "三级", "全省", "全市", "全县", "全区", "全州", "全旗", "毗邻",
                "周边", "区县", "县区", "县市区", "乡镇", "街道", "基层", "所属", "上下")
GENERIC_WORDS_LONGEST_FIRST = tuple(sorted(GENERIC_WORDS, key=len, reverse=True))
EVERY_LEVEL = ("各级", "两级", "三级", "基层", "各", "所属", "广大", "上下")
LEVEL_WORDS = ("自治区", "师市", "省", "市", "区", "县", "旗", "州")
# Before a bare 市/县: these make it "all cities", "each county" — not one union.
GENERIC_BEFORE_LEVEL = set("全各两每多省市县区级")
# 区域, 市场, 县级: the level character starts another word.
LEVEL_JOINS = set("域场级委属直内外民")
# 洛阳市总 is 洛阳市总工会, but 市总体 / 总经理 / 总书记 are other words.
NOT_ABBREVIATION_AFTER = set("工书经体量数计额投面建规部站队医公局署结是共裁监指理值产人和价统"
                             "承包务动编台行督")

GOVERNMENT_HEAD = re.compile(
    r"人力资源和社会保障局|人民政府|人大常委会|人民法院|检察院|市场监督管理局|应急管理局|"
    r"人社局|政府|政协|法院|司法局|教育局|公安分局|公安局|民政局|财政局|住建局|卫健委|工商联|妇联|"
    r"团委|宣传部|组织部"
)
COMPANY_HEAD = re.compile(r"有限责任公司|股份有限公司|有限公司|集团|公司")
PLATFORM_BEFORE_OK = set("与和及同在的等联合从入驻")
PLATFORMS = ("美团外卖", "美团", "饿了么", "滴滴出行", "滴滴", "货拉拉", "闪送", "顺丰", "京东",
             "达达", "满帮", "曹操出行", "T3出行", "高德", "盒马", "叮咚买菜", "拼多多",
             "抖音", "快手")
UNION_ENDINGS = ("联合工会", "工会联合会", "总工会", "工会")
COUNTY_UNIT_WORDS = ("区", "县", "旗")


@dataclass
class OrgMention:
    name: str
    kind: str
    region: str | None
    start: int
    end: int


class Places:
    """The place mentions of one text, indexed once: by where each ends (the chain of
    places before a head word), and the counties by where they start, per unit word
    (the 县 a bare 县总工会 refers to). Each head word then looks up, not scans."""

    def __init__(self, text: str, regions: RegionResult, gaz: RegionGazetteer,
                 proposals: Proposals = NO_PROPOSALS) -> None:
        self.text = text
        self.proposals = proposals
        self.mentions = regions.mentions
        self.primary = regions.primary
        self.by_end = {m.end: m for m in regions.mentions}
        self.gaz = gaz

    @cached_property
    def paragraphs(self) -> Paragraphs:
        return Paragraphs(self.text)

    @cached_property
    def counties(self) -> dict[str, ByStart[Mention]]:
        """Asked only by a bare 区/县/旗 union, so read only then."""
        counties: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            region = self.gaz.get(m.adcode) if m.adcode else None
            if region and region["level"] == "county" and region["name"].endswith(
                    COUNTY_UNIT_WORDS):
                counties[region["name"][-1]].append(m)
        return {word: ByStart(counties[word]) for word in COUNTY_UNIT_WORDS}


def extract_orgs(text: str, regions: RegionResult, gaz: RegionGazetteer | None = None,
                 proposals: Proposals = NO_PROPOSALS) -> list[dict[str, Any]]:
    """Organisations; with the model's ``proposals``, its word edges settle where a union's
    name starts (庆祝中华全国总工会 → 中华全国总工会)."""
    gaz = gaz or gazetteer()
    places = Places(text, regions, gaz, proposals)
    found = _union_mentions(text, places, gaz)
    found += _abbreviations(text, places, gaz)
    found += _government_mentions(text, places, gaz)
    found += _company_mentions(text, found)
    found += _platform_mentions(text)
    return _merge(found)


# -- unions -------------------------------------------------------------------


def _union_mentions(text: str, places: Places, gaz: RegionGazetteer) -> list[OrgMention]:
    found = []
    for m in UNION_HEAD.finditer(text):
        start, end = m.start(), m.end()
        if text.startswith(WOMEN_COMMITTEE, end):
            end += len(WOMEN_COMMITTEE)
        elif m.group() == "工会" and _not_a_body(text, start, end):
            continue
        org = _name_before(text, start, end, m.group(), places, gaz)
        if org:
            found.append(org)
            found += _listed_before(text, org, places, gaz)
    return _with_parent_names(found)


def _not_a_body(text: str, head: int, end: int) -> bool:
    """工会驿站, 工会干部, 工会户外劳动者爱心驿站; but 青山矿业公司工会组织 is that
    company's union."""
    if _names_a_facility(text, end):
        return True
    if not text.startswith(NOT_A_BODY_AFTER, end):
        return False
    return text.startswith(FACILITY_AFTER, end) or not _anchored_before(text, head)


def _names_a_facility(text: str, end: int) -> bool:
    """工会户外劳动者爱心驿站: a facility word a few words on, before any punctuation or
    particle, makes the union word part of the facility's name."""
    window = text[end:end + FACILITY_WINDOW]
    for pos, ch in enumerate(window):
        if is_boundary(ch) or ch in STOP_CHARS:
            window = window[:pos]
            break
    return any(word in window for word in FACILITY_WORDS) and not window.startswith(
        OFFICERS_AFTER)


def _anchored_before(text: str, head: int) -> bool:
    return any(text[max(0, head - len(a)):head] == a for a in ("公司", "集团", "局", "厂"))


def _listed_before(text: str, org: OrgMention, places: Places,
                   gaz: RegionGazetteer) -> list[OrgMention]:
    """滑县、浚县总工会: the head word belongs to every place in the list."""
    if org.region is None or not org.name.endswith("总工会"):
        return []
    level = gaz.get(org.region)["level"]
    found = []
    pos = org.start
    while text[pos - 1:pos] == "、":
        prev = places.by_end.get(pos - 1)
        if prev is None or prev.adcode is None or gaz.get(prev.adcode)["level"] != level:
            break
        name = gaz.get(prev.adcode)["name"] + "总工会"
        found.append(OrgMention(name, "union", prev.adcode, prev.start, prev.end))
        pos = prev.start
    return found


def _name_before(text: str, head: int, end: int, word: str, places: Places,
                 gaz: RegionGazetteer) -> OrgMention | None:
    desc_start = _after_count(text, _descriptor_start(text, head, places.by_end), head)
    chain = _chain_before(desc_start, places.by_end)
    if not chain:  # after a place the rules read the name (莘县网约外卖行业联合工会)
        desc_start = _after_model_break(desc_start, head, end, places.proposals)
    descriptor = text[desc_start:head]
    suffix = text[head:end]
    if chain:
        if descriptor and (not descriptor.strip("".join(EVERY_LEVEL)) or _several(descriptor)):
            return None  # 海东市各级工会, 云南全省各级工会: every union in the place, not one
        name = _chain_name(chain, text, gaz) + descriptor + suffix
        return OrgMention(name, "union", chain[-1].adcode, chain[0].start, end)
    level = _bare_level(text, desc_start, descriptor)
    if level:
        return _expand(text, level, descriptor[len(level):] + suffix, desc_start, end, places, gaz)
    if _generic(descriptor, word) or not _names_one_body(text, desc_start, head, end):
        return None
    return OrgMention(descriptor + suffix, "union", None, desc_start, end)


def _several(descriptor: str) -> bool:
    """各乡镇, 全省各级, 毗邻区县: the words say several bodies, not one."""
    rest = descriptor
    for word in PLURAL_WORDS:
        rest = rest.replace(word, "")
    return not rest or "各" in descriptor


def _after_model_break(start: int, head: int, end: int, proposals: Proposals) -> int:
    """Where the model says the name starts: at its ORG word ending with the union
    (中华全国总工会), else after the last verb, preposition or conjunction it reads in
    the descriptor (系列活动庆祝 …) that is not inside one of its ORG words."""
    if not proposals.tokens or start >= head:
        return start
    words = proposals.tokens_over(start, end)
    for token in words:
        if token.tag == "ORG" and token.end == end and start < token.start <= head:
            return token.start
    orgs = [t for t in words if t.tag == "ORG"]
    for i in range(len(words) - 1, -1, -1):
        token = words[i]
        # 长白山保护开发区: a verb right after a place the model reads is inside the name.
        after_place = i > 0 and words[i - 1].tag in ("LOC", "ORG")
        if (token.end <= head and token.tag in BREAK_TAGS and token.start >= start
                and not after_place
                and not any(o.start <= token.start and token.end <= o.end for o in orgs)):
            return token.end
    return start


def _after_count(text: str, start: int, head: int) -> int:
    """9个乡镇工会, 十二家企业工会: a count before the name says how many unions of a kind,
    so the name starts after its measure word."""
    counts = list(COUNTED.finditer(text, max(0, start - 6), head))
    counts = [m for m in counts if m.end() > start]
    return counts[-1].end() if counts else start


def _names_one_body(text: str, start: int, head: int, end: int) -> bool:
    descriptor = text[start:head]
    if any(anchor in descriptor for anchor in BODY_ANCHORS):
        return True
    # 星辰科创工会主席: a short proper name standing alone, with an officer or members of
    # its own after it (感谢工会, 心里装着工会 are sentences about unions).
    stands_alone = start == 0 or is_boundary(text[start - 1])
    has_verb = any(starts_verb(descriptor, i) for i in range(len(descriptor) - 1))
    particles = any(ch in descriptor for ch in "里着过吗呢吧啊")
    officers = text.startswith(OFFICERS_AFTER, end)
    return (stands_alone and officers and 2 <= len(descriptor) <= 6 and not has_verb
            and not particles)


def _descriptor_start(text: str, head: int, region_ends: dict[int, Mention]) -> int:
    """Where the words between the places (or the start) and the head word begin."""
    pos = head
    while pos > 0 and head - pos < MAX_DESCRIPTOR:
        if pos in region_ends:
            return pos
        ch = text[pos - 1]
        latin = "A" <= ch <= "Z"  # TCL科技集团股份有限公司工会委员会
        if ch in STOP_CHARS and _brand_with_particle(text, pos - 1, head):
            return pos - 2
        if is_boundary(ch) or (not is_cjk(ch) and not latin) or ch in STOP_CHARS:
            return pos
        if text[max(0, pos - 2):pos] in STOP_WORD_SET:
            return pos
        pos -= 1
    return pos


def _brand_with_particle(text: str, pos: int, head: int) -> bool:
    """美的集团, 万和新电气股份有限公司: a firm's two-character brand at the start of a
    clause may end in a particle (的, 和, 为); 现在 and 他在 are not brands."""
    if pos < 1:
        return False
    first = text[pos - 1:pos]
    clause_start = pos == 1 or is_boundary(text[pos - 2])
    return (clause_start and is_cjk(first) and first not in STOP_CHARS
            and first not in PRONOUNS and not is_common_word(text[pos - 1:pos + 1])
            and any(a in text[pos:head] for a in ("公司", "集团")))


def _chain_before(pos: int, by_end: dict[int, Mention]) -> list[Mention]:
    """The run of place names ending at pos (张掖市民乐县), first to last."""
    chain: list[Mention] = []
    while pos in by_end:
        chain.append(by_end[pos])
        pos = by_end[pos].start
    return chain[::-1]


def _chain_name(chain: list[Mention], text: str, gaz: RegionGazetteer) -> str:
    last = gaz.get(chain[-1].adcode or "")
    name = last["name"]
    if last["level"] == "county" and last["name"].endswith("区") and len(chain) > 1:
        parent = gaz.get(chain[-2].adcode or "")
        if parent["level"] == "city" or parent["adcode"] in MUNICIPALITIES:
            name = parent["name"] + name
    before = text[max(0, chain[0].start - 4):chain[0].start]
    corps = re.search(r"第[一二三四五六七八九十]{1,3}师$", before)
    return (corps.group() if corps else "") + name


def _bare_level(text: str, pos: int, descriptor: str) -> str | None:
    """市 in 市总工会 or 市建筑工会, standing alone at the start of the name."""
    for level in LEVEL_WORDS:
        joined = descriptor[len(level):len(level) + 1] in LEVEL_JOINS
        if descriptor.startswith(level) and not joined:
            before = text[pos - 1:pos] if pos > 0 else ""
            if before and before in GENERIC_BEFORE_LEVEL:
                return None
            return level
    return None


def _expand(text: str, level: str, rest: str, start: int, end: int, places: Places,
            gaz: RegionGazetteer) -> OrgMention | None:
    bare = rest in ("总工会", "工会")
    if not bare and _generic(rest.removesuffix("总工会").removesuffix("工会"), "工会"):
        return None
    unit = _referent(level, start, places, gaz)
    if unit is None:
        return OrgMention(level + rest, "union", None, start, end)
    return OrgMention(unit["name"] + rest, "union", unit["adcode"], start, end)


def _referent(level: str, pos: int, places: Places,
              gaz: RegionGazetteer) -> dict[str, Any] | None:
    primary = places.primary
    if primary is None:
        return None
    if level in COUNTY_UNIT_WORDS:
        near = places.counties[level].last_between(places.paragraphs.start_of(pos), pos)
        if near and near.adcode:
            return gaz.get(near.adcode)
    province, county = gaz.province_of(primary["adcode"]), primary.get("county")
    city = gaz.city_of(primary["adcode"]) if primary["level"] != "city" else primary
    if level == "省" and province["name"].endswith("省"):
        return province
    if level == "自治区" and province["name"].endswith("自治区"):
        return province
    if level == "市":
        if county and county.endswith("市"):
            return primary
        if city:
            return city
        return province if province["adcode"] in MUNICIPALITIES else None
    if level in ("区", "县", "旗") and county and county.endswith(level):
        return primary
    if level == "州" and city and city["name"].endswith("州"):
        return city
    return None


def _generic(descriptor: str, word: str) -> bool:
    """True when only generic words are left: 各级, 我市各级, 新就业形态劳动者."""
    rest = descriptor
    for generic in GENERIC_WORDS_LONGEST_FIRST:
        rest = rest.replace(generic, "")
    rest = rest.strip("市县区省级")
    return not rest or (word == "工协委" and not descriptor)


def _with_parent_names(found: list[OrgMention]) -> list[OrgMention]:
    # 师市总工会 is the 第八师石河子市总工会 the article has already named, and so is
    # 石河子市总工会 read out of 师市总工会.
    corps = [o for o in found if o.name.startswith("第") and "师" in o.name[:5]]
    for org in found:
        same_city = corps and org.region == corps[0].region and corps[0].name.endswith(org.name)
        if corps and (org.name.startswith("师市") or same_city):
            org.name, org.region = corps[0].name, corps[0].region
    return found


def _abbreviations(text: str, places: Places, gaz: RegionGazetteer) -> list[OrgMention]:
    """洛阳市总, 民乐县总, 该市总, 省总: 总 written for 总工会."""
    found = []
    for m in re.finditer("总", text):
        pos = m.start()
        after = text[pos + 1:pos + 2]
        if after in NOT_ABBREVIATION_AFTER or (after and not (is_boundary(after) or is_cjk(after))):
            continue
        chain = _chain_before(pos, places.by_end)
        if chain:
            name = _chain_name(chain, text, gaz) + "总工会"
            found.append(OrgMention(name, "union", chain[-1].adcode, chain[0].start, pos + 1))
            continue
        level = next((lv for lv in LEVEL_WORDS if text.endswith(lv, 0, pos)), None)
        if level is None:
            continue
        start = pos - len(level)
        before = text[start - 1:start] if start > 0 else ""
        if before and is_cjk(before) and before not in "该我本到向和与及按照为由经据被让对":
            continue
        org = _expand(text, level, "总工会", start, pos + 1, places, gaz)
        if org and org.region:
            found.append(org)
    return found


# -- other kinds ------------------------------------------------------------------


def _government_mentions(text: str, places: Places, gaz: RegionGazetteer
                         ) -> list[OrgMention]:
    found = []
    for m in GOVERNMENT_HEAD.finditer(text):
        chain = _chain_before(m.start(), places.by_end)
        if not chain:
            continue
        name = _chain_name(chain, text, gaz) + m.group()
        found.append(OrgMention(name, "government", chain[-1].adcode, chain[0].start, m.end()))
    return found


def _company_mentions(text: str, unions: list[OrgMention]) -> list[OrgMention]:
    found = []
    taken = SpanIndex(Span(o.start, o.end, o.name) for o in unions)
    for m in COMPANY_HEAD.finditer(text):
        if taken.around(m.start(), m.start() + 1):
            continue
        start = m.start()
        while start > 0 and m.start() - start < 20:
            ch = text[start - 1]
            if is_boundary(ch) and ch not in "()（）":
                break
            if ch in STOP_CHARS or text[max(0, start - 2):start] in STOP_WORD_SET:
                break
            start -= 1
        name = text[start:m.end()]
        prefix = name[: -len(m.group())]
        if (len(prefix) >= 2 and not any(ch.isdigit() for ch in prefix)
                and not prefix.startswith(("这", "那", "该", "本", "各", "其", "此", "全"))
                and not any(w in prefix for w in STOP_WORDS + ("来自", "分别", "相关"))):
            found.append(OrgMention(name, "employer", None, start, m.end()))
    return found


def _platform_mentions(text: str) -> list[OrgMention]:
    found = []
    for name in PLATFORMS:
        for m in re.finditer(re.escape(name), text):
            # 南京东路 and 北京京东世纪贸易有限公司 do not name the platform 京东.
            prev = text[m.start() - 1:m.start()]
            if prev and is_cjk(prev) and prev not in PLATFORM_BEFORE_OK:
                continue
            found.append(OrgMention(name, "platform", None, m.start(), m.end()))
    # 美团外卖 holds a mention of 美团 that is not one of its own. Platforms are never
    # found twice at one offset, so a span around o that is not o itself is a longer one.
    covered = SpanIndex(Span(o.start, o.end, o.name) for o in found)
    return [o for o in found if _only_itself(covered.around(o.start, o.end), o)]


def _only_itself(around: Span | None, org: OrgMention) -> bool:
    return around is None or (around.start, around.end) == (org.start, org.end)


def _without_city(name: str, adcode: str) -> str:
    city = gazetteer().city_of(adcode) or gazetteer().province_of(adcode)
    return name.removeprefix(city["name"]) if city else name


def _fuller_names(short: set[str], names: set[str]) -> dict[str, str]:
    """恒达工会 is the 闽侯恒达鞋业有限公司工会 named before; 快递物流行业联合工会 the 滑县 one:
    each short name maps to the shortest other name with its head word that holds its
    core (ties by name, so the answer never depends on the order of a set).

    Each name is cut into its pieces of the sizes the cores have, once: a text naming
    many unions is not read once per union."""
    if not short:
        return {}
    wanted: dict[str, dict[str, str]] = defaultdict(dict)  # head word → core → short name
    for name in short:
        head = next((h for h in UNION_ENDINGS if name.endswith(h)), "")
        if len(name) > len(head):
            wanted[head][name[: len(name) - len(head)]] = name
    sizes = {head: {len(core) for core in cores} for head, cores in wanted.items()}
    fuller: dict[str, str] = {}
    for candidate in sorted(names, key=lambda n: (len(n), n)):
        for head, cores in wanted.items():
            if candidate.endswith(head):
                for name in _cores_in(candidate, cores, sizes[head]):
                    fuller.setdefault(name, candidate)
    return fuller


def _cores_in(candidate: str, cores: dict[str, str], sizes: set[int]) -> list[str]:
    """The short names (other than candidate) whose core is a piece of candidate."""
    pieces = {candidate[i:i + size] for size in sizes for i in range(len(candidate) - size + 1)}
    return [cores[p] for p in pieces if p in cores and cores[p] != candidate]


def _merge(found: list[OrgMention]) -> list[dict[str, Any]]:
    """One record per body: 山西工会 joins 山西省总工会 when the text names both, and
    鹿城区总工会 joins 温州市鹿城区总工会, the fuller name, wherever that is written."""
    by_name: dict[str, dict[str, Any]] = {}
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    names = {o.name for o in found}
    fullest: dict[tuple[str, str], str] = {}
    for org in found:
        if org.region:
            key = (org.region, _without_city(org.name, org.region))
            if len(org.name) > len(fullest.get(key, "")):
                fullest[key] = org.name
    fuller = _fuller_names({o.name for o in found if o.kind == "union" and o.region is None},
                           names)
    for org in sorted(found, key=lambda o: o.start):
        name = org.name
        if org.region:
            name = fullest[(org.region, _without_city(name, org.region))]
        if name.endswith("工会") and not name.endswith("总工会"):
            federation = name[:-2] + "总工会"
            if federation in names and org.region:
                name = federation
        if org.kind == "union" and org.region is None:
            name = fuller.get(name, name)
        record = by_name.setdefault(name, {"name": name, "kind": org.kind, "region": org.region,
                                           "mentions": []})
        if (org.start, org.end) not in spans[name]:
            spans[name].add((org.start, org.end))
            record["mentions"].append([org.start, org.end])
    return list(by_name.values())
