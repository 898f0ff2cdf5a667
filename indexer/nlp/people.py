"""Personal names with their role and title.

Chinese has no capitals to mark a name, and jieba's tagger takes 夏令营 for a person,
so a name is taken only where the text shows it is one:

* a role or title right before it: 记者康劭, 通讯员 陈世强, 党组书记、副主席张慧宇,
  外卖送餐员齐晓峰, 文章作者:严静, 编辑:方秋萍;
* a speech or action word right after it: 钟岩说, 韩蕾带领, 闫涛副调研员, 苏蔓 摄;
* a byline of its own: a name alone on a line, or in brackets closing a report (褚海明);
* a studio named after it: 周海川劳模创新工作室;
* a list with a name already found: 记者 罗平 戴文秀, 汪蕾、傅雅琴.

A Han name is a surname (``data/surnames.txt``, which also holds Yi clan names and the
Dai 岩 and 玉) and a given name of one or two characters; a Tibetan or Mongolian name is
one or two known elements (扎西卓嘎, 乌兰托娅); a transliterated name joins its parts
with · (阿依古丽·买买提) and counts after a role or before 说. After a byline role or
a title, a name stands even where its characters also spell a word (高志远). Forms such as
张师傅, 刘女士, 艾某, 蒋主席, 陈阿婆 and nicknames (小宋) are not names, and neither is any
dictionary word or place name that happens to start with a surname (方面, 江苏).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from indexer.nlp.gazetteer import RegionGazetteer, gazetteer
from indexer.nlp.lexicon import is_common_word, is_frequent_word, is_verb, word_tags
from indexer.nlp.names import (
    ROLE_WORDS,
    ROLE_WORDS_LONGEST_FIRST,
    part_heads,
    surnames,
    tibetan_parts,
)
from indexer.nlp.proposers.lac import NO_PROPOSALS, Proposals, Token
from indexer.nlp.text import Span, SpanIndex, is_boundary, is_cjk, quoted_spans

# Bylines and titles are written before names only; worker nouns (骑手) also before things.
VOUCHING_ROLES = ("reporter", "correspondent", "photographer", "official")
# A word ending in one of these before a name is a role too (砌筑工, 网约送餐员, 副局长)…
ROLE_ENDINGS = {"员": "worker", "工": "worker", "长": "official", "任": "official",
                "席": "official"}
# …unless the word is a verb that happens to end so (施工, 增长, 动员).
VERB_ENDINGS = ("施工", "开工", "加工", "复工", "竣工", "动工", "完工", "分工", "用工", "招工",
                "务工", "增长", "成长", "延长", "擅长", "生长", "助长", "家长", "动员", "担任",
                "信任", "责任", "主任务")
ROLE_SEPARATORS = " \t:：|丨"
CAPTION_MARK = re.compile(r"[(（][左右中前后][一二三四五六七八九]?[)）]")
# 副主席(主持工作)秦晓东, 副县长(挂职)王平: a note on the post between title and name.
POST_NOTE = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")
# Words after a name that show it is one; a given name stops before them.
FOLLOWERS = (
    "说", "表示", "介绍", "告诉", "指出", "强调", "认为", "笑着", "坦言", "感慨", "回忆",
    "透露", "报道",
    "一行", "带领", "带队", "出席", "主持", "讲话", "致辞", "同志", "同学", "老师", "摄", "发言",
    "代表", "组织", "副", "等", "和", "与", "及", "在", "向", "为", "到", "对", "从", "是",
    "也", "就",
    "还", "又", "被", "把", "给", "让", "同", "已", "将", "曾", "的", "了", "来到", "深入", "走访",
    "参加", "获得", "拿到", "接过", "意识到", "没有", "迅速", "巧妙", "辗转", "一直", "先后",
    "正在",
    "已经", "通过", "带着", "当选", "荣获", "主动", "积极", "看到", "听闻", "宣读", "接收", "颁发",
    "慰问", "调研", "查看", "了解", "希望", "要求", "提出", "作", "做", "上台", "同事",
)
# Weak: these make a name only at the start of a clause (周登清意识到 …).
STRONG_FOLLOWERS = ("说", "表示", "介绍", "告诉", "指出", "强调", "认为", "笑着", "坦言", "感慨",
                    "回忆", "透露", "一行", "带领", "带队", "出席", "主持", "讲话", "致辞", "同志",
                    "同学", "摄", "发言", "宣读", "副调研员", "副主席")
# At the start of a clause a name may also be followed by an action (周登清意识到, 邹德明是);
# the bare particles (在, 和, 的) are left out, as 王府井在北京 shows.
CLAUSE_FOLLOWERS = tuple(w for w in FOLLOWERS if len(w) > 1) + ("说", "是")
TITLE_WORDS = ("师傅", "女士", "先生", "小姐", "主席", "书记", "部长", "局长", "主任", "同志",
               "老师",
               "经理", "总", "某", "师", "工", "姐", "哥", "叔", "阿姨", "大爷", "大姐",
               "阿姨", "老", "阿婆", "阿伯", "阿公", "阿叔", "阿嫂", "大妈", "大叔",
               "市长", "县长", "区长", "院长", "校长", "厂长", "站长", "所长", "队长", "班长",
               "组长")
NON_NAME_CHARS = set(
    "的了在是和与及等说对从把被给让将也都就还又们这那其该各每某年月日个名位家员部门局委区县市省"
    "镇乡村街路号室处所职队组班业司企务第首两百千万亿共约近余多以不至比"
)
# Characters of NON_NAME_CHARS that also start given names (其伟, 其昌).
NAME_STARTING_FUNCTION_CHARS = "其"
# The generic worker words: 职工关怀 and 青年文明号 are not names, so after these a
# one-character given name needs a word such as 说 or 和 after it.
GENERIC_ROLE_WORDS = ("职工", "工人", "员工", "青年", "代表", "建设者", "工匠", "劳模")
# A name may follow 的 when a word of address follows it: 大学的卢思远同学.
ADDRESS_AFTER = ("同学", "同志", "老师")
STUDIO = re.compile(r"(劳模|技能大师|大师|工匠|职工|技术|创新)*(创新)?工作室")
BYLINE_ROLES = ("reporter", "correspondent", "photographer")
LIST_SEPARATORS = ("、", "和", "与", " ", "　", "及", "以及")
LIST_SEPARATORS_LONGEST_FIRST = tuple(sorted(LIST_SEPARATORS, key=len, reverse=True))
# Where a list separator starts: 以 only before 及, whose own offset is one too.
LIST_SEPARATOR_START = re.compile("以(?=及)|[、和与 　及]")
# No name has more parts than 阿卜杜拉·艾尼瓦尔·买买提; a longer chain of ·-joined words
# is read as several names, so that no name is longer than a few dozen characters.
DOTTED = re.compile(r"[\u4e00-\u9fff]{2,8}(?:·[\u4e00-\u9fff]{2,8}){1,3}")
# Up to this many names, each is looked for in the text on its own; more are read in
# one pass (see _occurrences).
MANY_NAMES = 64


@dataclass
class PersonMention:
    name: str
    role: str
    title: str | None
    start: int


def extract_people(text: str, taken: list[tuple[int, int]] | None = None,
                   proposals: Proposals = NO_PROPOSALS,
                   gaz: RegionGazetteer | None = None) -> list[dict[str, Any]]:
    """People named in the text; ``taken`` spans (places, organisations) hold no names.
    With the model's ``proposals``, its PER candidates are checked and added, and its
    boundaries settle those of the names the rules read (周农率 → 周农)."""
    mask = _mask(len(text), taken or [])
    found = _people_found(text, mask)
    occurrences = _occurrences(text, list(found))
    _extend_lists(text, found, mask, occurrences)
    if proposals.tokens:  # after the lists: 记者 罗敏 黄美脉 is not the model's 黄美
        found = _reconciled(text, found, proposals, mask, gaz or gazetteer())
    occurrences.update(_occurrences(text, [n for n in found if n not in occurrences]))
    occurrences = {n: occurrences[n] for n in found}
    mentions = _mentions(occurrences)
    return [_record(p, mentions[p.name]) for p in sorted(found.values(), key=lambda p: p.start)]


def _reconciled(text: str, found: dict[str, PersonMention], proposals: Proposals,
                mask: bytearray, gaz: RegionGazetteer) -> dict[str, PersonMention]:
    """The rules' names checked against the model's, and the model's names the rules
    missed. Where the two read one name with other edges, the model's reading wins when
    it passes the checks and the rules' extra characters start a word (周农率队 → 周农).
    A rule name the model reads as parts of words across its edges (荣获全国, 关于工人)
    or as holding a place (旺苍·中国红军城) is dropped, after a title too."""
    kept: dict[str, PersonMention] = {}
    for person in found.values():
        end = person.start + len(person.name)
        tagged = [t for t in proposals.tokens_over(person.start, end) if t.tag == "PER"]
        if any(t.text == person.name for t in tagged):
            kept.setdefault(person.name, person)
            continue
        better = [t for t in tagged if _model_edges_win(text, person, t)
                  and _checked_name(text, t.start, t.text, gaz)]
        if better:
            token = better[0]
            role, title = _role_before(text, token.start)
            kept.setdefault(token.text, PersonMention(token.text, role or person.role,
                                                      title or person.title, token.start))
        elif _supported(text, proposals, person, tagged):
            kept.setdefault(person.name, person)
    named = _mask(len(text), [(start, start + len(name))
                              for name, starts in _occurrences(text, list(kept)).items()
                              for start in starts])
    for token in proposals.tagged("PER"):
        if token.text in kept or mask[token.start] or any(named[token.start:token.end]):
            continue
        if _checked_name(text, token.start, token.text, gaz):
            role, title = _role_before(text, token.start)
            kept[token.text] = PersonMention(token.text, role or "other", title, token.start)
    return kept


def _model_edges_win(text: str, person: PersonMention, token: Token) -> bool:
    start, end = person.start, person.start + len(person.name)
    if token.start <= start and token.end >= end:
        return True  # 马克来木, not 马克来
    if token.start == start:
        if "·" in person.name:
            # 古丽其娜·沙吾尔将慰问品, not 努尔兰·哈力木别克: what the model leaves out
            # is no part of a name.
            return text[token.end] in NON_NAME_CHARS
        # 周农率队, 曾军陪同: the rules' last characters start a word, and nothing that
        # ends a name (说, 表示) follows the longer reading.
        return (is_verb(text[token.end:token.end + 2])
                and not text.startswith(STRONG_FOLLOWERS, end))
    return token.end == end or not _on_word_edges_of(token, start, end)


def _on_word_edges_of(token: Token, start: int, end: int) -> bool:
    return token.start >= start and token.end <= end


def _supported(text: str, proposals: Proposals, person: PersonMention,
               tagged: list[Token]) -> bool:
    """A rule name the model did not read as it is stays when the model starts a name
    there too (鲍春来说, read 鲍春|来说), when it is a byline's or parts joined by ·, or
    when the model's words end where it does; never when it holds a place or a date."""
    start, end = person.start, person.start + len(person.name)
    if _named_by_what_follows(text, end) or person.role in BYLINE_ROLES:
        return True  # 杨联东劳模创新工作室, 记者 次仁罗布: whatever the model made of it
    if _holds_other_entity(proposals, start, end, ("LOC", "TIME")):
        return False  # 旺苍·中国红军城
    if any(t.start == start for t in tagged):
        return True  # the model starts a name here too (努尔兰·哈力木|别克)
    if _holds_other_entity(proposals, start, end, ("ORG",)):
        return False
    if "·" in person.name:
        return True
    # 砌筑工罗利林 read as 工罗利林: a word across the start after a role word is the
    # model's slip; a word across the end (荣获全|国) says the name runs into the next.
    words = proposals.tokens_over(start, end)
    return bool(words) and words[-1].end == end and (words[0].start == start
                                                     or person.role != "other")


def _holds_other_entity(proposals: Proposals, start: int, end: int,
                        tags: tuple[str, ...]) -> bool:
    """A place, organisation or time read inside the name (旺苍·中国红军城); one around
    it (毛朝军技能大师工作室) holds the name, and one that is the name itself (央金 read
    as ORG) is the model typing it otherwise: the rules' context types it."""
    return any(t.tag in tags and start <= t.start and t.end <= end
               and (t.start, t.end) != (start, end) for t in proposals.tokens_over(start, end))


def _checked_name(text: str, start: int, name: str, gaz: RegionGazetteer) -> bool:
    """A name the model proposes is one when it is built like one: a surname and a given
    name of one or two characters that is no title, dictionary word or place; parts
    joined by ·; or, for a name of no known surname (赛特瓦力), a role word before it
    or a word such as 说 after it."""
    if not all(is_cjk(ch) or ch == "·" for ch in name) or not 2 <= len(name) <= 20:
        return False
    if "·" in name:
        return all(len(part) >= 2 for part in name.split("·"))
    if gaz.lookup(name) or is_common_word(name) or name[:1] in "小老":
        return False
    single, double = surnames()
    surname = name[:2] if name[:2] in double else name[:1] if name[:1] in single else ""
    given = name[len(surname):]
    if surname and 1 <= len(given) <= 2:
        return given not in TITLE_WORDS and not text.startswith(TITLE_WORDS, start + len(surname))
    context = _role_before(text, start)[0] or text.startswith(STRONG_FOLLOWERS, start + len(name))
    return bool(context) and 3 <= len(name) <= 6 and not any(ch in NON_NAME_CHARS for ch in name)


def _mask(size: int, spans: list[tuple[int, int]]) -> bytearray:
    """One byte per character, set inside the spans: asking whether an offset is taken
    is then a lookup, however many spans there are."""
    mask = bytearray(size)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _people_found(text: str, mask: bytearray) -> dict[str, PersonMention]:
    """Dotted names first, then the other names that do not overlap one of them."""
    dotted = _dotted_names(text)
    found: dict[str, PersonMention] = {}
    for person in dotted:
        found.setdefault(person.name, person)
    spans = SpanIndex(Span(p.start, p.start + len(p.name), p.name) for p in dotted)
    for person in _candidates(text, mask):
        if not spans.overlaps(person.start, person.start + len(person.name)):
            found.setdefault(person.name, person)
    return found


def _dotted_names(text: str) -> list[PersonMention]:
    """Uyghur, Kazakh and other transliterated names joined by ·: 阿依古丽·买买提.

    The first part starts after a role word (记者, 副主席, 钢筋工) or a boundary; the name
    counts when a role stands before it or a word such as 说 follows it, so slogans
    like 中国梦·劳动美 are not names.
    """
    quotes: SpanIndex | None = None  # read at the first dotted name: most texts have none
    found = []
    for m in DOTTED.finditer(text):
        if quotes is None:
            quotes = SpanIndex(quoted_spans(text))
        if quotes.around(m.start(), m.end()):
            continue
        first, *rest = m.group().split("·")
        last = _cut_before_follower(rest[-1])
        start, role = _dotted_start(text, m.start(), first)
        if start is None:
            continue
        name = text[start:m.start() + len(first)] + "·" + "·".join([*rest[:-1], last])
        end = start + len(name)
        if role is None and not text.startswith(FOLLOWERS, end):
            continue
        title = _title(text, _before_separators(text, start)) if role == "official" else None
        found.append(PersonMention(name, role or "other", title, start))
    return found


def _dotted_start(text: str, pos: int, first: str) -> tuple[int | None, str | None]:
    for length in range(min(len(first), 5), 1, -1):
        start = pos + len(first) - length
        role, _ = _role_before(text, start)
        if role:
            return start, role
        if start == 0 or is_boundary(text[start - 1]):
            return start, None
    return None, None


def _cut_before_follower(part: str) -> str:
    for i in range(2, len(part)):
        if part.startswith(STRONG_FOLLOWERS, i) or part[i] in "说和与等在是的了":
            return part[:i]
    return part


def _before_separators(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in ROLE_SEPARATORS:
        pos -= 1
    return pos


def _candidates(text: str, taken: bytearray) -> list[PersonMention]:
    found = []
    single, double = surnames()
    parts = part_heads()
    covered = 0  # a name found is not read again from its middle (王长青 has no 青代表)
    for start, ch in enumerate(text):
        if start < covered or taken[start]:
            continue
        pair = text[start:start + 2]
        if ch not in single and pair not in double and pair not in parts:
            continue
        person = _person_at(text, start)
        if person:
            found.append(person)
            covered = start + len(person.name)
    return found


def _person_at(text: str, start: int) -> PersonMention | None:
    role, title = _role_before(text, start)
    weak = role is None or _generic_role(text, start)
    loose = name_at(text, start, strict=False, weak=False)
    if loose:
        # 苏蔓 摄, 周海川劳模创新工作室, 卢思远同学: what follows makes it a name.
        end = start + len(loose)
        if text[end:end + 3].lstrip(" ").startswith("摄") and (
                role or start == 0 or is_boundary(text[start - 1])):
            return PersonMention(loose, "photographer", None, start)
        if _named_by_what_follows(text, end):
            return PersonMention(loose, role if role and role != "other" else "worker",
                                 title, start)
        after_de = text[start - 1:start] == "的"
        if (role or after_de) and len(loose) == 3 and text.startswith(STRONG_FOLLOWERS, end):
            # 装卸工人刘海洋说, 考入大学的李欣怡说: a role or 的 before and 说 after outweigh
            # a given name that is also an everyday word (海洋).
            return PersonMention(loose, role or "other", title, start)
    vouched = not weak and role in VOUCHING_ROLES
    name = name_at(text, start, strict=role is None, weak=weak, vouched=vouched)
    if not name:
        return None
    end = start + len(name)
    after = text[end:end + 12]
    if role:
        if len(name) == 2 and weak and not after.startswith(FOLLOWERS):
            return None
        return PersonMention(name, role, title, start)
    if _byline(text, start, end):
        return PersonMention(name, "reporter", None, start)
    clause_start = start == 0 or is_boundary(text[start - 1])
    followers = CLAUSE_FOLLOWERS if clause_start else STRONG_FOLLOWERS
    if after.startswith(followers) and not _dictionary_word(name) and not is_frequent_word(name):
        return PersonMention(name, "other", None, start)
    return None


def _named_by_what_follows(text: str, end: int) -> bool:
    """周海川劳模创新工作室, 卢思远同学: the words after make it a name wherever it stands."""
    after = text[end:end + 12]
    return bool(STUDIO.match(after)) or after.startswith(ADDRESS_AFTER)


def _generic_role(text: str, start: int) -> bool:
    """职工, 工人 or a word merely ending in 员/工: nouns that also stand before things."""
    pos = _role_end(text, start)
    head = text[max(0, pos - 12):pos]
    if head.endswith(GENERIC_ROLE_WORDS):
        return True
    return not head.endswith(ROLE_WORDS_LONGEST_FIRST)


def name_at(text: str, start: int, strict: bool, weak: bool = True,
            vouched: bool = False) -> str | None:
    """The name starting at start, built as names are (surname and given name, or
    Tibetan and Mongolian elements), if the characters make one."""
    if start >= len(text):
        return None  # a list that ends the text (李静、) names no one after it
    tibetan = _tibetan_at(text, start, strict)
    if tibetan:
        return tibetan
    single, double = surnames()
    if text[start:start + 2] in double:
        surname = text[start:start + 2]
    elif text[start] in single:
        surname = text[start]
    else:
        return None
    if start > 0 and is_cjk(text[start - 1]) and strict and text[start - 1] not in "、和与及":
        return None
    given = _given_name(text, start + len(surname))
    name = surname + (given or "")
    # 主任医师东方雨晴: after a role, a compound surname that is also a place is a surname.
    compound = len(surname) == 2 and not weak
    if given and not (name in TITLE_WORDS or _not_a_name(name, given, vouched, compound)
                      or (weak and _common_noun(given))):
        return name
    return _byline_name(text, start, surname) if vouched else None


def _byline_name(text: str, start: int, surname: str) -> str | None:
    """记者 关月 报道, 通讯员 刘建新): a name standing alone after a byline role or a title
    is a name even when its characters also spell a verb or a month (建新, 月)."""
    pos = start + len(surname)
    end = pos
    while end < len(text) and end - pos < 2 and is_cjk(text[end]):
        end += 1
    if end == pos or (end < len(text) and not is_boundary(text[end])
                      and not text.startswith(STRONG_FOLLOWERS, end)):
        return None
    name = text[start:end]
    # 于洋 and 付强 are dictionary words too, but only everyday ones stand alone in a byline.
    if is_frequent_word(name) or gazetteer().lookup(name) or text[pos] in "的了在是和与及等":
        return None
    return name


def _given_name(text: str, pos: int) -> str | None:
    first = text[pos:pos + 1]
    if not first or not is_cjk(first) or (first in NON_NAME_CHARS and not _spoken_other(text, pos)):
        return None
    if text.startswith(TITLE_WORDS, pos):
        return None
    second = text[pos + 1:pos + 2]
    # 陈建业说: a character that usually ends a word (业, 家) is a given name's when
    # 说 or 表示 follows it.
    spoken = text.startswith(STRONG_FOLLOWERS, pos + 2) and second not in "的了在是和与及等说"
    if (not second or not is_cjk(second) or (second in NON_NAME_CHARS and not spoken)
            or text.startswith(FOLLOWERS, pos + 1) or text.startswith(ROLE_TAILS, pos + 1)):
        return first
    return first + second


def _spoken_other(text: str, pos: int) -> bool:
    """吴其伟说: 其 (like 其他) starts a given name when a given-name character and 说 or
    表示 follow it."""
    second = text[pos + 1:pos + 2]
    return (text[pos] in NAME_STARTING_FUNCTION_CHARS and is_cjk(second)
            and second not in NON_NAME_CHARS and text.startswith(STRONG_FOLLOWERS, pos + 2))


ROLE_TAILS = ("文章", "来源", "编辑", "记者", "通讯员", "劳模", "技能", "工作室", "报道")


def _tibetan_at(text: str, start: int, strict: bool) -> str | None:
    prev = text[start - 1:start] if start else ""
    first = _part_at(text, start)
    if not first or (strict and is_cjk(prev) and prev not in "的、和与及"):
        return None
    return first + _part_at(text, start + len(first))


def _part_at(text: str, pos: int) -> str:
    if text[pos:pos + 2] not in part_heads():
        return ""
    parts = tibetan_parts()
    return next((text[pos:pos + n] for n in (3, 2) if text[pos:pos + n] in parts), "")


def _not_a_name(name: str, given: str, vouched: bool = False, compound: bool = False) -> bool:
    # 文化特色, 宣讲全国, 都发挥, 战高温: the "name" starts with a word, or its given name
    # is a verb or a common noun. After 记者 or 副主席 the name is vouched for, and a
    # surname and given name that happen to make a word (高志, 文思) do not undo it.
    head_tag = word_tags().get(name[:2], "")
    head_is_word = len(name) == 3 and head_tag and not head_tag.startswith(("nr", "ns"))
    return (given in TITLE_WORDS or _dictionary_word(name)
            or (head_is_word and not (vouched or compound))
            or (len(given) == 2 and word_tags().get(given, "").startswith("v"))
            or bool(gazetteer().lookup(name))
            or (not compound and bool(gazetteer().lookup(name[:2]))))


def _dictionary_word(name: str) -> bool:
    return is_common_word(name)


def _common_noun(given: str) -> bool:
    return len(given) == 2 and is_frequent_word(given)


def _role_end(text: str, start: int) -> int:
    """Where a role word before the name would end: past spaces, colons and a photo
    position (工会主席(左一)刘长江)."""
    pos = start
    while pos > 0 and text[pos - 1] in ROLE_SEPARATORS:
        pos -= 1
    caption = CAPTION_MARK.search(text, max(0, pos - 6), pos)
    if caption and caption.end() == pos:
        return caption.start()
    note = [m for m in POST_NOTE.finditer(text, max(0, pos - 8), pos) if m.end() == pos]
    if note and text[max(0, note[-1].start() - 12):note[-1].start()].endswith(
            ROLE_WORDS_LONGEST_FIRST):
        return note[-1].start()
    return pos


def _role_before(text: str, start: int) -> tuple[str | None, str | None]:
    pos = _role_end(text, start)
    head = text[max(0, pos - 12):pos]
    if head.endswith(ROLE_WORDS_LONGEST_FIRST):
        word = next(w for w in ROLE_WORDS_LONGEST_FIRST if head.endswith(w))
        role = ROLE_WORDS[word]
        return role, _title(text, pos) if role == "official" else None
    spaced_only = not text[pos:start].strip(" 　")  # 驾驶员 尹小军, not 驾驶员:尹小军
    if (head and spaced_only and head[-1] in ROLE_ENDINGS and not head.endswith(VERB_ENDINGS)
            and not is_common_word(text[pos - 1:pos + 1])):
        role = ROLE_ENDINGS[head[-1]]
        return role, _title(text, pos) if role == "official" else None
    if head.endswith(("部)", "部）", "组的", "队的")):
        return "other", None
    return None, None


TITLE = re.compile(
    r"(?:(?:党组|党委|党总支|党支部|常务|第一|一级|二级|三级|四级|专职|执行|名誉)?副?"
    r"(?:书记|主席|部长|局长|市长|县长|区长|省长|主任|调研员|巡视员|处长|科长|站长|所长|院长|"
    r"校长|总经理|经理|董事长|委员|秘书长|常委|组长|理事长|会长|负责人|厂长|队长|馆长|指导员|"
    r"宣传部长|成员|干部|专干|代表)、?)+$"
)


def _title(text: str, pos: int) -> str | None:
    """The titles right before a name: 党组书记、副主席 (not the body that gives them)."""
    m = TITLE.search(text[max(0, pos - 30):pos])
    return m.group().strip("、") if m else None


def _byline(text: str, start: int, end: int) -> bool:
    """A name alone on its line, or alone in brackets: (褚海明)."""
    line = _line_holding_only(text, start, end)
    if line:
        return not _between_fragments(text, *line)
    closes = text[end:end + 1] in ")）" and (text[end + 1:end + 2] in ("", "\n", "。"))
    return text[start - 1:start] in "(（" and closes


def _line_holding_only(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(line start, line end or -1 at the end of the text) when only spaces stand beside
    [start, end) on its line. Only those spaces are read, not the whole line: a page of
    one long line would otherwise be read once for every name on it."""
    before = start
    while before > 0 and text[before - 1] != "\n" and text[before - 1].isspace():
        before -= 1
    after = end
    while after < len(text) and text[after] != "\n" and text[after].isspace():
        after += 1
    if (before > 0 and text[before - 1] != "\n") or (after < len(text) and text[after] != "\n"):
        return None
    return before, after if after < len(text) else -1


def _between_fragments(text: str, line_start: int, line_end: int) -> bool:
    """A page that breaks numbers over lines (1000\n元至\n3000) leaves short fragments."""
    prev_line = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:max(0, line_start - 1)]
    next_end = text.find("\n", line_end + 1) if line_end >= 0 else -1
    next_line = text[line_end + 1:next_end if next_end >= 0 else len(text)] if line_end >= 0 else ""
    return 0 < len(prev_line.strip()) <= 4 or 0 < len(next_line.strip()) <= 4


def _extend_lists(text: str, found: dict[str, PersonMention], taken: bytearray,
                  occurrences: dict[str, list[int]]) -> None:
    """Names listed right after a name already found share its role (记者 罗平 戴文秀).
    A byline vouches for every name it lists: 通讯员 吴春燕 杨光辉 (光辉 is a word too).

    Each name is read once, in the order found, so a name listed after a listed name
    takes the role of the first name that listed it."""
    separators = _ListSeparators(text)
    queue = list(found.values())
    for person in queue:  # the queue grows as listed names are found
        byline = person.role in BYLINE_ROLES
        for end in _ends_of(person.name, occurrences, separators):
            listed = _listed_after(text, end, taken, byline)
            if listed and listed[0] not in found:
                name, start = listed
                found[name] = PersonMention(name, person.role, None,
                                            text.find(name, end, start + len(name)))
                queue.append(found[name])


def _ends_of(name: str, occurrences: dict[str, list[int]],
             separators: _ListSeparators) -> list[int]:
    """Where the name's mentions end: all of them for a name found by the scan, those
    before a list separator for a name found in a list."""
    if name in occurrences:
        return [start + len(name) for start in _non_overlapping(occurrences[name], len(name))]
    return separators.ending(name)


class _ListSeparators:
    """Where each list separator (、, 和, 以及 …) starts, by the characters before it:
    the names listed after a name are found without reading the text once per name.
    The text is read on the first question (most reports list no one new)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._by_size: dict[int, dict[str, list[int]]] = {}

    def ending(self, word: str) -> list[int]:
        """The separators right after an occurrence of word, in text order."""
        size = len(word)
        if size not in self._by_size:
            if self._starts is None:
                self._starts = [m.start() for m in LIST_SEPARATOR_START.finditer(self._text)]
            index: dict[str, list[int]] = defaultdict(list)
            for start in self._starts:
                if start >= size:
                    index[self._text[start - size:start]].append(start)
            self._by_size[size] = index
        return self._by_size[size].get(word, [])


def _listed_after(text: str, pos: int, taken: bytearray,
                  byline: bool = False) -> tuple[str, int] | None:
    """The name listed after a separator at pos, and where it starts."""
    rest = text[pos:pos + 8]
    for sep in LIST_SEPARATORS_LONGEST_FIRST:
        if rest.startswith(sep):
            start = pos + len(sep)
            while text[start:start + 1] in (" ", "　"):
                start += 1
            if start < len(taken) and taken[start]:
                return None
            name = name_at(text, start, strict=False, weak=not byline)
            if name and _ends_name(text, start + len(name)):
                return name, start
    return None


def _ends_name(text: str, end: int) -> bool:
    after = text[end:end + 2]
    return not after or is_boundary(after[0]) or after.startswith(FOLLOWERS) or after[0] in "/"


# -- where the names occur -----------------------------------------------------------


def _occurrences(text: str, names: list[str]) -> dict[str, list[int]]:
    """Every offset where each name occurs, overlapping ones included."""
    if len(names) <= MANY_NAMES:
        return {name: _find_all(text, name) for name in names}
    return _scan_for(text, names)


def _find_all(text: str, word: str) -> list[int]:
    found, pos = [], text.find(word)
    while pos >= 0:
        found.append(pos)
        pos = text.find(word, pos + 1)
    return found


def _scan_for(text: str, names: list[str]) -> dict[str, list[int]]:
    """All names in one pass: at each character that starts a name, the names of each
    length starting with it are looked up (names are short, so there are few lengths)."""
    sizes: dict[str, set[int]] = defaultdict(set)
    for name in names:
        sizes[name[0]].add(len(name))
    found: dict[str, list[int]] = {name: [] for name in names}
    heads = re.compile("[" + "".join(re.escape(ch) for ch in sizes) + "]")
    for m in heads.finditer(text):
        pos = m.start()
        for size in sizes[m.group()]:
            word = text[pos:pos + size]
            if len(word) == size and word in found:
                found[word].append(pos)
    return found


def _non_overlapping(starts: list[int], size: int) -> list[int]:
    """The occurrences a left-to-right reading takes: none starts inside the one before."""
    taken, end = [], 0
    for start in starts:
        if start >= end:
            taken.append(start)
            end = start + size
    return taken


def _mentions(occurrences: dict[str, list[int]]) -> dict[str, list[list[int]]]:
    """Each name's mentions, leaving out those inside a longer name found (王长青 holds
    no mention of 王长): the longer names mark the offsets they cover, once each."""
    covered = set()
    for longer, starts in occurrences.items():
        parts = [(part, longer.index(part)) for part in _substrings(longer)
                 if part in occurrences]
        covered.update((part, start + offset) for start in starts for part, offset in parts)
    return {name: [[start, start + len(name)]
                   for start in _non_overlapping(starts, len(name))
                   if (name, start) not in covered]
            for name, starts in occurrences.items()}


def _substrings(word: str) -> set[str]:
    """Every shorter piece of word (names are short: a few dozen pieces at most)."""
    return {word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)
            if j - i < len(word)}


def _record(person: PersonMention, mentions: list[list[int]]) -> dict[str, Any]:
    return {"name": person.name, "role": person.role, "title": person.title,
            "mentions": mentions}
