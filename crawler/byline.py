"""Bylines of Chinese newspaper reports: who wrote a report, who sent it in, who took the photo.

Stand-alone on purpose (standard library only): the page-text splitter and the
Scrapy spiders both call it.

A byline is either the dateline that opens a lead paragraph, 本报讯(记者康劭 通讯员陈世强),
or a credit line of its own, 本报记者 李玉波 / 本报通讯员 王文生 摄 / (记者 X) / 文/图 X.
Recognition is deliberately strict: every word on a credit line must be a role, a
person's name or 摄, and every name must look like one (2-4 Han characters starting
with a surname, or a minority name joined by ·). A line of ordinary prose fails on its
first verb or punctuation mark, so it is never taken for a byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Byline:
    raw: str
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)


# 本报讯 / 本报北京3月5日讯 / 新华社北京3月5日电 / 中工网讯 / 昆明信息港讯. A place needs
# a date after it, so that "新华社记者从国家电网获悉" does not pass for a dateline, and an
# outlet's name must be followed by a space or bracket, so that 警报讯号 does not either.
DATELINE = (
    r"(?:(?:本报|新华社|中新社)(?:[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日)?[讯电]"
    r"|[\u4e00-\u9fff]{1,8}[网报台社港端]讯(?=\s|[(\uff08]))"
)
_DATELINE_LINE = re.compile(rf"^(?P<dateline>{DATELINE})\s*(?P<rest>.*)$")
_DATELINE_PREFIX = re.compile(
    rf"^\s*(?P<dateline>{DATELINE})\s*(?:[(\uff08](?P<inner>[^()\uff08\uff09]{{1,60}})[)\uff09])?"
)
_WRAPPED = re.compile(r"^[(\uff08【\[](?P<inner>[^()\uff08\uff09]+)[)\uff09】\]]$")
_TRAILING_CREDIT = re.compile(r"[(\uff08](?P<inner>[^()\uff08\uff09]{2,60})[)\uff09]\s*$")
_LEADING_CREDIT = re.compile(r"^\s*[(\uff08](?P<inner>[^()\uff08\uff09]{2,60})[)\uff09]")

_ROLE = (
    r"(?:本报|本刊|新华社|中新社)?(?:全媒体|融媒体|全媒|融媒|特约|见习|首席|实习|摄影)?(?:记者|通讯员)"
    r"|(?:本报|本刊)?实习生"
)
# 文/图 X: X wrote the text and took the photos; 图/X or 摄影/X: photos only.
_MEDIA = r"文\s*/\s*图|图\s*/\s*文|文\s*/\s*摄|(?:文字|文|图|摄影)\s*[/:]"
_PHOTO = r"摄影报道|摄影|摄"
# 工人日报-中工网记者 X: the outlets named before the role, each a few characters ending in
# one of these (and perhaps a dash); see _outlet_end.
_OUTLET_ENDS = "报网社台刊端"
_OUTLET_DASHES = "-—–"
_OUTLET_PIECE = 10
_OUTLET_RUN = re.compile(r"[\u4e00-\u9fff\-—–]*")
_ROLE_AHEAD = re.compile(r"(?:全媒体|融媒体|全媒|融媒|特约|见习|首席|实习|摄影)?(?:记者|通讯员)")
# 本报评论员 / □ 湖北日报评论员: an editorial signed by the paper, with no name.
_COMMENTATOR = re.compile(r"^(?:本报|本刊|[\u4e00-\u9fff]{1,8}[报网社台刊端])(?:特约)?评论员$")
# The box or bullet some papers print before a credit line: □ 本报记者 X.
_CREDIT_MARKS = "□■◎●▲"
# No credit line is longer than this; a longer line is prose, and is not parsed.
MAX_BYLINE = 200
_TOKEN = re.compile(
    rf"(?P<media>{_MEDIA})"
    rf"|(?P<role>{_ROLE})"
    rf"|(?P<photo>{_PHOTO})"
    r"|(?P<report>报道)"
    # A name stops before a glued role, 摄 or 报道: 记者张三通讯员李四, 王文生摄, 王莉报道.
    rf"|(?P<name>(?:(?!{_ROLE}|摄|报道)[\u4e00-\u9fff]|·)+)"
    r"|(?P<sep>[\s、,\uff0c;\uff1b]+)"
)

_COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "澹台", "轩辕", "单于", "端木", "西门", "南宫", "呼延", "钟离", "闻人", "万俟",
    "赫连", "申屠", "太叔", "公冶", "濮阳", "淳于", "宗政", "东郭",
})
_SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康"
    "伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵"
    "席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗"
    "丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫"
    "乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄"
    "印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮"
    "牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡"
    "国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查"
    "后荆红游竺权逯盖益桓公仉督岳帅缑亢况有琴归海晋楚闫法汝鄢涂钦商牟佘佴伯赏墨哈谯笪年爱阳佟"
    "言福覃肖付代战凡粟兰银过才练谌揭仝苟敬母丛栗冼卿邸植郇操檀雒"
    # Tibetan and other names that have no surname but open with these syllables.
    "次扎格旦央尼普拉多降措"
)
# Column names that sit after 记者/通讯员 the way a name would (记者手记, 通讯员来稿).
_NOT_NAMES = frozenset({
    "手记", "观察", "来稿", "来信", "调查", "札记", "随笔",
    "日记", "笔记", "感言", "视角", "连线", "探访",
})

_DOTS = re.compile(r"(?<=[\u4e00-\u9fff])\s*[·•・‧∙.．]\s*(?=[\u4e00-\u9fff])")


def parse_byline(line: str) -> Byline | None:
    """The byline that `line` consists of, or None when the line is anything else."""
    text = _normalise(line).lstrip(_CREDIT_MARKS).strip()
    if not text or len(text) > MAX_BYLINE:
        return None
    if _COMMENTATOR.match(text):
        return Byline(line.strip())
    dated = _DATELINE_LINE.match(text)
    if dated:
        return _parse_dateline_line(line.strip(), dated.group("rest"))
    wrapped = _WRAPPED.match(text)
    credits = _parse_credits(wrapped.group("inner") if wrapped else text)
    return Byline(line.strip(), *credits) if credits else None


def split_byline(paragraphs: list[str]) -> tuple[Byline | None, list[str]]:
    """Take the byline off the top (a 本报讯 prefix or a credit line) and off the end of a report.

    Returns the byline (both merged when a report has a lead credit and a photo credit)
    and the paragraphs that remain; a lead paragraph keeps the text after its prefix.
    """
    leading, body = _split_leading(list(paragraphs))
    trailing, body = _split_trailing(body)
    return _merge(leading, trailing), body


def credit_at_end(paragraph: str) -> Byline | None:
    """The bracketed credit that closes a paragraph of text: ……送去慰问。(记者 郑爽)"""
    suffix = _TRAILING_CREDIT.search(paragraph)
    credits = _parse_credits(suffix.group("inner")) if suffix else None
    return Byline(suffix.group().strip(), *credits) if suffix and credits else None


def is_dateline_lead(paragraph: str) -> bool:
    """True for a lead paragraph that opens with a dateline such as 本报讯."""
    return _DATELINE_PREFIX.match(paragraph) is not None


@lru_cache(maxsize=4096)
def is_byline_line(line: str) -> bool:
    """True when the whole line is a byline (cached: page splitters ask about every line)."""
    return parse_byline(line) is not None


def is_photo_credit(byline: Byline) -> bool:
    """A credit for photos only, as under a photo report: 本报通讯员 王文生 摄."""
    return bool(byline.photographers) and not byline.reporters and not byline.correspondents


def _normalise(text: str) -> str:
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\uff0f", "/")
    text = text.replace("\uff1a", ":")
    return _DOTS.sub("·", text).strip()


def _parse_dateline_line(raw: str, rest: str) -> Byline | None:
    if not rest:
        return Byline(raw)
    wrapped = _WRAPPED.match(rest)
    # Text after the dateline that is not a credit means this is a lead paragraph.
    credits = _parse_credits(wrapped.group("inner") if wrapped else rest)
    return Byline(raw, *credits) if credits else None


def _parse_credits(text: str) -> tuple[list[str], list[str], list[str]] | None:
    """(reporters, correspondents, photographers) of a credit line, or None if it is not one."""
    normalised = _normalise(text)
    groups = _credit_groups(normalised[_outlet_end(normalised):])
    if not groups:
        return None
    # dicts as ordered sets: a name listed twice is kept once, where it first came
    lists: dict[str, dict[str, None]] = {"reporter": {}, "correspondent": {}, "photographer": {}}
    for group in groups:
        for kind in group.kinds():
            lists[kind].update(dict.fromkeys(group.names))
    return list(lists["reporter"]), list(lists["correspondent"]), list(lists["photographer"])


def _outlet_end(text: str) -> int:
    """Where the outlets named before a role end (工人日报-中工网记者 X → 8), else 0.

    The outlets are pieces of one to ten Han characters ending in 报, 网, 社 … (and
    perhaps a dash), with a role right after the last one. Longer pieces and more of
    them are tried first, as a regular expression would try them; but what was found
    from each offset is kept, so a line of 报报报… is read in linear time where the
    expression would backtrack for ever."""
    run = _OUTLET_RUN.match(text).end()  # the outlets lie in the Han (and dash) run ahead
    role = max(text.rfind("记者", 0, run), text.rfind("通讯员", 0, run))  # the last role in it
    if role < 2:
        return 0
    han = [0] * (role + 1)  # how many Han characters run from each offset, up to the role
    for pos in range(role - 1, -1, -1):
        han[pos] = han[pos + 1] + 1 if text[pos] not in _OUTLET_DASHES else 0
    ends: dict[int, int | None] = {}  # from each offset after a piece: where the outlets end
    for pos in range(role, 0, -1):
        ends[pos] = _after_pieces(text, pos, han, ends)
        if ends[pos] is None and _ROLE_AHEAD.match(text, pos):
            ends[pos] = pos
    return _after_pieces(text, 0, han, ends) or 0


def _after_pieces(text: str, pos: int, han: list[int], ends: dict[int, int | None]) -> int | None:
    """Where the outlets end when a piece starts at pos, trying the longest first."""
    for length in range(min(_OUTLET_PIECE, han[pos] - 1), 0, -1):
        last = pos + length
        if text[last] not in _OUTLET_ENDS:
            continue
        dashed = last + 1 < len(text) and text[last + 1] in _OUTLET_DASHES
        for after in ((last + 2, last + 1) if dashed else (last + 1,)):
            if ends.get(after) is not None:
                return ends[after]
    return None


@dataclass
class _Credit:
    """One role with its names: 记者 彭冰 柳姗姗, or 图/本报记者 X, or 本报通讯员 X 摄."""

    media: str = ""
    role: str = ""
    names: list[str] = field(default_factory=list)
    photo: bool = False

    def kinds(self) -> list[str]:
        writer = "correspondent" if "通讯员" in self.role else "reporter"
        media = re.sub(r"[\s/:]", "", self.media)
        if self.photo or media in ("图", "摄影") or self.role.startswith("摄影"):
            return ["photographer"]
        if media in ("文图", "图文", "文摄"):
            return [writer, "photographer"]
        return [writer]


def _credit_groups(text: str) -> list[_Credit] | None:
    groups: list[_Credit] = []
    pos = 0
    while pos < len(text):
        token = _TOKEN.match(text, pos)
        if token is None or not _take_token(groups, token.lastgroup or "", token.group()):
            return None
        pos = token.end()
    if not groups or any(not group.names for group in groups):
        return None
    return groups


def _take_token(groups: list[_Credit], kind: str, value: str) -> bool:
    """Add one token to the credit groups; False when it cannot be part of a credit line."""
    current = groups[-1] if groups else None
    if kind == "sep":
        return True
    if kind in ("media", "role"):
        # 文/本报记者 X is one credit; any other role opens the next one.
        joins_media = kind == "role" and current is not None and current.media and not (
            current.role or current.names
        )
        if not joins_media:
            groups.append(_Credit())
        setattr(groups[-1], kind, value)
        return True
    if current is None or current.photo:
        return False
    if kind == "report":
        return bool(current.names)
    if kind == "photo":
        current.photo = bool(current.names)
        return current.photo
    if not _is_person_name(value):
        return False
    current.names.append(value)
    return True


def _is_person_name(token: str) -> bool:
    if "·" in token:
        parts = token.split("·")
        return 2 <= len(parts) <= 3 and all(1 <= len(part) <= 8 for part in parts)
    if not 2 <= len(token) <= 4 or token in _NOT_NAMES:
        return False
    return token[:2] in _COMPOUND_SURNAMES or token[0] in _SURNAMES


def _split_leading(paragraphs: list[str]) -> tuple[Byline | None, list[str]]:
    if not paragraphs:
        return None, paragraphs
    whole = parse_byline(paragraphs[0])
    if whole is not None:
        return whole, paragraphs[1:]
    prefixed = _dateline_prefix(paragraphs[0]) or _bracketed_prefix(paragraphs[0])
    if prefixed is None:
        return None, paragraphs
    byline, rest = prefixed
    return byline, ([rest] if rest else []) + paragraphs[1:]


def _dateline_prefix(paragraph: str) -> tuple[Byline, str] | None:
    """本报讯(记者A 通讯员B)正文… → the byline and the text after it."""
    text = paragraph.strip()
    match = _DATELINE_PREFIX.match(text)
    if match is None:
        return None
    inner = match.group("inner")
    credits = _parse_credits(inner) if inner else None
    if credits is not None:
        return Byline(match.group().strip(), *credits), text[match.end() :].strip()
    # A bracket that holds no credit (a date, a note) belongs to the text.
    end = match.end("dateline")
    loose = _unbracketed_credit(text[end:])
    if loose is None:
        return Byline(match.group("dateline")), text[end:].strip()
    words, credits, rest = loose
    return Byline(f"{match.group('dateline')} {words}", *credits), rest


def _unbracketed_credit(text: str) -> tuple[str, tuple[list[str], ...], str] | None:
    """记者张钊 9月22日,记者从… → the credit words, their credits, and the text after them."""
    words = list(re.finditer(r"\S+", text))
    # The longest run of leading words that reads as a credit; text must follow it.
    for count in range(min(len(words) - 1, 4), 0, -1):
        head = text[words[0].start() : words[count - 1].end()]
        credits = _parse_credits(head)
        if credits is not None:
            return head, credits, text[words[count - 1].end() :].strip()
    return None


def _bracketed_prefix(paragraph: str) -> tuple[Byline, str] | None:
    """(工人日报-中工网记者柳姗姗 彭冰)“有了…” → the byline and the text after it."""
    match = _LEADING_CREDIT.match(paragraph)
    credits = _parse_credits(match.group("inner")) if match else None
    if match is None or credits is None:
        return None
    return Byline(match.group().strip(), *credits), paragraph[match.end() :].strip()


def _split_trailing(paragraphs: list[str]) -> tuple[Byline | None, list[str]]:
    if not paragraphs:
        return None, paragraphs
    last = paragraphs[-1]
    whole = parse_byline(last)
    if whole is not None:
        return whole, paragraphs[:-1]
    credit = credit_at_end(last)
    if credit is None:
        return None, paragraphs
    text = last.rstrip()[: -len(credit.raw)].rstrip()
    return credit, paragraphs[:-1] + ([text] if text else [])


def _merge(first: Byline | None, second: Byline | None) -> Byline | None:
    if first is None or second is None:
        return first or second

    def union(a: list[str], b: list[str]) -> list[str]:
        return list(dict.fromkeys(a + b))

    return Byline(
        f"{first.raw} {second.raw}",
        union(first.reporters, second.reporters),
        union(first.correspondents, second.correspondents),
        union(first.photographers, second.photographers),
    )
