"""Synthetic union reports at national scale, with the extraction each one's maker knows.

``generate(count, seed)`` yields ``(Article, extraction)`` pairs. The texts are built
from vocabularies, not copied from any report: places are the gazetteer's own (every
county of the 31 mainland provinces), programmes and unions are composed from word
parts (hundreds of each, a few reported everywhere and most rarely, as in the papers),
dates span twenty years, and body lengths follow the spread of the real corpora
(``LENGTH_QUANTILES``, measured on ../shared/corpus/{dev,real2}.jsonl: lengths only).

Because the generator places every entity itself, it knows the extraction the NLP
should give (regions, unions, programmes and figures with their offsets into
``Article.text``, themes), in the NLP's own shape, so a bench can store it with
``Archive.set_extraction`` instead of running the NLP on a million texts.
"""

from __future__ import annotations

import bisect
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from indexer.models import Article
from indexer.nlp.gazetteer import gazetteer
from indexer.nlp.themes import TAXONOMY

# Character lengths of the real reports at the 0, 10, 25, 50, 75, 90 and 100th
# percentile (80 reports of dev + real2); a body is drawn between neighbouring points.
LENGTH_QUANTILES = (166, 273, 373, 530, 695, 718, 754)
QUANTILE_STEPS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)
YEARS = range(2006, 2026)  # twenty years
OUTSIDE_MAINLAND = ("71", "81", "82")  # 台湾, 香港, 澳门: no union reports of theirs here
RARE_TERM = "氢能重卡"  # in about one report in 2,000: the bench's rare-term query
RARE_EVERY = 2000
# Reports of one county's figure in one year mostly agree (the same 110家职工书屋 told by
# several papers); one in this many gives another number, which the ledger flags.
DISAGREEING = 30

PROGRAMME_HEADS = ("暖心", "安心", "舒心", "筑梦", "启航", "同心", "聚力", "匠心", "智慧", "幸福",
                   "温暖", "连心", "圆梦", "护航", "赋能", "强基", "铸魂", "润心", "惠工", "阳光")
PROGRAMME_TAILS = (("驿站", "brand"), ("行动", "campaign"), ("工程", "programme"),
                   ("计划", "programme"), ("平台", "platform"), ("书屋", "brand"),
                   ("课堂", "brand"), ("服务站", "brand"), ("助学", "campaign"),
                   ("护航", "slogan"), ("之家", "brand"), ("专项行动", "campaign"))
WELL_KNOWN = (("工会驿站", "brand"), ("职工书屋", "brand"), ("金秋助学", "campaign"),
              ("送清凉", "campaign"), ("安康杯", "campaign"), ("春送岗位", "campaign"),
              ("职工之家", "brand"), ("暖新保", "brand"), ("三级对话", "programme"),
              ("大国工匠", "programme"))
INDUSTRIES = ("教育", "卫生", "交通运输", "建设", "能源", "铁路", "邮政", "金融", "农林", "商贸",
              "机械冶金", "化工", "电力", "煤矿", "旅游", "水利")
GROUPS = ("快递员", "外卖骑手", "环卫工人", "货车司机", "农民工", "一线职工", "网约车司机",
          "女职工", "困难职工", "产业工人", "技术工人", "劳模工匠")
UNITS = (("个", "工会驿站"), ("家", "职工书屋"), ("人", "职工"), ("人次", "职工"),
         ("万元", "慰问金"), ("场", "培训"), ("名", "困难职工"))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国华明丽芳军伟强磊洋勇艳杰娟涛斌超秀英平刚桂兰玉红霞海燕志"


@dataclass(frozen=True)
class Vocabulary:
    """The word lists: places from the gazetteer, composed programmes and unions."""

    provinces: list[dict[str, Any]]
    counties: list[dict[str, Any]]  # every county of the mainland provinces
    programmes: list[tuple[str, str]]  # (name, kind), most reported first
    programme_weights: list[float]  # cumulative, Zipf-like
    province_of: dict[str, dict[str, Any]]  # by name
    themes: list[str] = field(default_factory=lambda: list(TAXONOMY))


@cache
def vocabulary() -> Vocabulary:
    regions = [r for r in gazetteer().all_regions() if r["adcode"][:2] not in OUTSIDE_MAINLAND]
    provinces = [r for r in regions if r["level"] == "province"]
    counties = [r for r in regions if r["level"] == "county" and r["city"]]
    composed = [(head + tail, kind) for head in PROGRAMME_HEADS for tail, kind in PROGRAMME_TAILS]
    programmes = [*WELL_KNOWN, *composed]
    weights, total = [], 0.0
    for rank in range(len(programmes)):
        total += 1 / (rank + 1)
        weights.append(total)
    return Vocabulary(provinces, counties, programmes, [w / total for w in weights],
                      {p["name"]: p for p in provinces})


class Writer:
    """A text built piece by piece, remembering where each entity was put."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Report:
    """One article being written: its text so far and the entities in it."""

    rng: random.Random
    county: dict[str, Any]
    year: int
    writer: Writer = field(default_factory=Writer)
    regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    programmes: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)

    def place(self, region: dict[str, Any]) -> None:
        span = self.writer.add(region["name"])
        entry = self.regions.setdefault(region["adcode"], {**region, "mentions": []})
        entry["mentions"].append(list(span))

    def org(self, name: str, region: dict[str, Any]) -> None:
        span = self.writer.add(name)
        entry = self.orgs.setdefault(name, {"name": name, "kind": "union",
                                            "region": region["adcode"], "mentions": []})
        entry["mentions"].append(list(span))

    def programme(self, name: str, kind: str) -> None:
        self.writer.add("“")
        span = self.writer.add(name)
        self.writer.add("”")
        entry = self.programmes.setdefault(name, {"name": name, "kind": kind, "mentions": []})
        entry["mentions"].append(list(span))

    def figure(self, sentence_start: int, low: int, high: int, unit: str, metric: str,
               qualifier: str | None) -> None:
        value = self.value(low, high, metric)
        text = f"{value}{qualifier or ''}{unit}"
        start, end = self.writer.add(text)
        self.writer.add(metric)
        self.figures.append({"value": value, "unit": unit, "metric": metric,
                             "qualifier": qualifier, "change": None, "text": text,
                             "start": start, "end": end, "sentence_start": sentence_start,
                             "region": self.county["adcode"]})


    def value(self, low: int, high: int, metric: str) -> int:
        """The county's figure for the year, as most reports give it."""
        if self.rng.randrange(DISAGREEING) == 0:
            return self.rng.randint(low, high)
        key = zlib.crc32(f"{self.county['adcode']}{metric}{self.year}".encode())
        return low + key % (high - low + 1)


def _length(rng: random.Random) -> int:
    step = bisect.bisect(QUANTILE_STEPS, rng.random()) - 1
    step = min(step, len(LENGTH_QUANTILES) - 2)
    return rng.randint(LENGTH_QUANTILES[step], LENGTH_QUANTILES[step + 1])


def _programme(rng: random.Random, words: Vocabulary) -> tuple[str, str]:
    return words.programmes[bisect.bisect(words.programme_weights, rng.random())
                            if rng.random() < 0.98 else rng.randrange(len(words.programmes))]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


# The sentences' set phrases, each said several ways. Said one way, two distinct
# generated reports shared a median 0.16 of their three-word shingles (real ones almost
# none) and one pair in 79 shared an LSH band, so story assignment's lookups confirmed
# a candidate per 79 reports archived: 1,200 at 100,000. Said these ways: a median 0.05
# and one pair in 1,230 (400 reports, every pair; ``bench/bench_scale.py`` builds).
SINCE = ("截至目前，", "截至今年底，", "近年来，", "目前，", "截至上半年，", "自去年以来，",
         "据了解，", "记者了解到，", "数据显示，", "经过几年努力，")
BUILT = ("已建成", "累计建成", "共建成", "新建改建", "规范化建设", "打造")
COVERED = ("，覆盖职工", "，服务职工", "，惠及会员", "，辐射周边职工", "，累计服务",
           "，受益职工")
OPENED = ("活动，为", "项目，为", "工作，为", "服务，帮助", "行动，让", "品牌，给")
SERVICES = ("休息", "饮水", "充电", "热饭", "如厕", "避暑", "取暖", "阅读", "法律咨询",
            "心理疏导", "技能培训", "就业推荐", "医疗体检", "子女托管", "应急药品")
SOFAR = ("今年以来，", "一季度，", "上半年，", "去年以来，", "元旦春节期间，", "“两节”期间，",
         "夏送清凉期间，", "近三年来，")
AROUND = ("围绕", "聚焦", "紧扣", "立足", "突出")
HANDED = ("工作，累计发放", "工作，筹集发放", "任务，发放", "重点，送出", "主线，落实")
PLANNED = ("纳入年度重点工作", "列入为职工办实事清单", "写进工会工作要点", "作为民生实事推进",
           "纳入基层工会考核", "作为重点品牌培育")
FURTHER = ("，推动服务阵地向基层延伸。", "，推动资源向一线倾斜。", "，打通服务职工最后一公里。",
           "，实现县乡村三级全覆盖。", "，让职工群众得实惠。", "，持续擦亮服务品牌。",
           "，形成可复制的经验。")
SAID = ("工会把实事办到了我们心坎上", "有事找工会，心里踏实", "这里冬暖夏凉，歇脚很方便",
        "工会帮我们解决了大难题", "没想到工会服务这么贴心", "以后跑单累了就来这里歇歇",
        "我们有了自己的家")
KIN = ("有了娘家人", "找到了组织", "感受到了温暖", "有了主心骨", "不再是一个人")
SCENE = ("活动现场，", "座谈会上，", "走访中，", "慰问现场，", "开班仪式上，", "服务点前，")
GAVE = ("工会干部向", "志愿者为", "工会负责人给", "劳模代表为")
TOLD = ("，并宣传劳动法律法规，解答职工关心的问题。", "，还开展了义诊和法律咨询。",
        "，现场发放宣传资料。", "，并听取了大家的意见建议。", "，叮嘱大家注意劳动安全。",
        "，同时介绍了入会流程。")
COUNTED = ("据统计，", "统计显示，", "数据显示，", "截至目前，", "据介绍，")
JOINED = ("新就业形态劳动者入会人数同比增长", "新建基层工会同比增长", "职工技能培训人次同比增长",
          "工会会员实名制入库率提高", "困难职工帮扶覆盖率提高")
ENDING = ("，职工满意度持续提升。", "，工会组织覆盖面不断扩大。", "，服务职工水平明显提高。",
          "，工作走在全省前列。", "，基层工会活力进一步增强。")


def _sentence(report: Report, words: Vocabulary, programmes: list[tuple[str, str]]) -> None:
    """One sentence of a kind the reports are made of, its entities recorded."""
    rng, add, county = report.rng, report.writer.add, report.county
    start = report.writer.length
    kind = rng.randrange(7)
    name, programme_kind = rng.choice(programmes)
    if kind == 0:
        add(rng.choice(SINCE))
        report.place(county)
        add(rng.choice(BUILT))
        report.figure(start, 2, 300, *rng.choice(UNITS[:2]), rng.choice((None, "多")))
        add(rng.choice(COVERED))
        add(f"{rng.randint(100, 90000)}余人。")
    elif kind == 1:
        report.org(f"{county['name']}总工会", county)
        add(f"{rng.choice(('开展', '推进', '深化', '启动'))}")
        report.programme(name, programme_kind)
        add(f"{rng.choice(OPENED)}{rng.choice(GROUPS)}提供"
            f"{'、'.join(rng.sample(SERVICES, rng.randint(2, 4)))}等服务。")
    elif kind == 2:
        add(rng.choice(SOFAR))
        report.org(f"{county['city']}{rng.choice(INDUSTRIES)}工会", county)
        add(f"{rng.choice(AROUND)}{rng.choice(words.themes).split('/')[0]}{rng.choice(HANDED)}")
        report.figure(start, 5, 900, "万元", "慰问金", None)
        add("，惠及")
        report.figure(start, 100, 9000, "名", "困难职工", rng.choice((None, "余")))
        add("。")
    elif kind == 3:
        report.place(words.province_of[county["province"]])
        add("总工会将")
        report.programme(name, programme_kind)
        add(f"{rng.choice(PLANNED)}{rng.choice(FURTHER)}")
    elif kind == 4:
        add(f"{_person(rng)}说：“{rng.choice(SAID)}，{rng.choice(GROUPS)}{rng.choice(KIN)}。”")
    elif kind == 5:
        add(f"{rng.choice(SCENE)}{rng.choice(GAVE)}{rng.choice(GROUPS)}发放")
        report.figure(start, 20, 3000, "份", "慰问品", None)
        add(rng.choice(TOLD))
    else:
        add(rng.choice(COUNTED))
        report.place(county)
        add(f"{rng.choice(JOINED)}{rng.randint(5, 99)}%{rng.choice(ENDING)}")
    if rng.randrange(RARE_EVERY) == 0:
        add(f"当地还为{RARE_TERM}司机开设了专门的休息点。")
    add("\n" if rng.random() < 0.3 else "")


def make_article(rng: random.Random, number: int, sources: list[str]) -> tuple[Article, dict]:
    """The ``number``-th report and the extraction its maker knows."""
    words = vocabulary()
    county = rng.choice(words.counties)
    chosen = list(dict.fromkeys(_programme(rng, words) for _ in range(rng.randint(1, 3))))
    year = rng.choice(YEARS)
    report = Report(rng, county, year)
    head, head_kind = chosen[0]
    report.place(county)
    report.writer.add("以")
    report.programme(head, head_kind)
    report.writer.add(rng.choice(("架起职工连心桥", "打造服务品牌", "当好职工娘家人")))
    title_end = report.writer.add("\n")[0]
    target = _length(rng) + title_end
    while report.writer.length < target:
        _sentence(report, words, chosen)
    text = report.writer.text()
    title, body = text[:title_end], text[title_end + 1:].rstrip("\n") or "。"
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    article = Article(
        id=f"scale-{number:07d}", source=rng.choice(sources), title=title, body=body,
        url=f"https://example.org/scale/{number}.html", date=date,
        page=f"{rng.randint(1, 8):02d}", page_name="工会新闻", reporters=[_person(rng)],
        fetched_at="2026-01-01T00:00:00+00:00",
    )
    return article, _extraction(report, rng, text, words)


def _extraction(report: Report, rng: random.Random, text: str, words: Vocabulary) -> dict:
    # One report in twenty has no primary region (a national round-up): it counts for
    # every province it names, as the catalogue places such articles.
    primary = None if rng.random() < 0.05 else dict(report.county)
    figures = []
    for figure in report.figures:
        start = figure.pop("sentence_start")
        end = text.find("。", figure["end"])
        figures.append({**figure, "sentence": text[start:end + 1 if end >= 0 else None]})
    themes = rng.sample(words.themes, rng.randint(1, 3))
    return {
        "primary_region": primary,
        "regions": list(report.regions.values()),
        "localities": [],
        "orgs": list(report.orgs.values()),
        "programmes": list(report.programmes.values()),
        "figures": figures,
        "people": [],
        "themes": themes,
    }


def generate(count: int, seed: int, sources: list[str]) -> Iterator[tuple[Article, dict]]:
    """``count`` reports, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield make_article(rng, number, sources)
