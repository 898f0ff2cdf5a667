"""Split one e-paper page, dumped as plain text, into its articles.

A page dump has no markup: headlines, bylines, the 阅读提示 box and body paragraphs
are all plain lines. The splitter reads them by shape, as a reader of a Chinese
newspaper page does:

- an article opens with a headline block of short lines that do not end a sentence
  (kicker ending in ——, title, subtitle); the block is known to be a headline, not a
  section heading inside an article, because of what comes with it: a 本报讯 lead or a
  credit line right below it, a kicker above it, or — for a photo report or a short
  item — a credit line closing the few paragraphs under it;
- everything up to the next headline block belongs to the article, even text that
  starts mid-sentence because its beginning was printed on another page;
- a paragraph that stops mid-sentence was cut by a column break and is joined to the
  next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.byline import (
    MAX_BYLINE,
    Byline,
    credit_at_end,
    is_byline_line,
    is_dateline_lead,
    is_photo_credit,
    parse_byline,
    split_byline,
)


@dataclass
class SplitArticle:
    position: int  # 1-based order on the page
    kicker: str  # 引题
    title: str
    subtitle: str  # 副题
    byline: str  # raw byline text
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    body: str = ""  # paragraphs joined by "\n"
    summary: str = ""  # the 阅读提示 box


# Longest line taken for a headline part; longer lines are prose.
MAX_HEADLINE = 64
# Section headings inside an article and titles of photo reports are shorter still.
MAX_HEADING = 40
# A single title is rarely longer; a longer headline line is two parts the dump glued.
MAX_SINGLE_TITLE = 32
# Each side of a space inside a headline line must be this long to be a headline part of
# its own; shorter sides are one title written as a couplet: 昔日“空心村” 如今“桃花源”.
MIN_HEADLINE_PART = 10
# Paragraphs of text a photo caption / a short item may have between title and credit.
PHOTO_CAPTION_REACH = 2
SHORT_ITEM_REACH = 4

# Full-width marks are written as escapes: they look like their ASCII twins, and a
# folding editor once turned them into them.  ！ ？ ； ： ） ，
_FW_EXCLAIM, _FW_QUESTION, _FW_SEMI, _FW_COLON, _FW_CLOSE, _FW_COMMA = (
    "\uff01", "\uff1f", "\uff1b", "\uff1a", "\uff09", "\uff0c")
_SENTENCE_END = f"。{_FW_EXCLAIM}{_FW_QUESTION}!?{_FW_SEMI};{_FW_COLON}:…"
_CLOSING_WRAPPERS = "”’\"」』》】"
_SENTENCE_MARK = re.compile(f"[。;{_FW_SEMI}]")
_CLAUSE_MARK = re.compile(
    f"[,{_FW_COMMA}:{_FW_COLON};{_FW_SEMI}。!?{_FW_EXCLAIM}{_FW_QUESTION}]")
_KICKER_END = re.compile(r"(?:——|—|--|──)$")
_QUOTED = re.compile(r"[“「\"][^”」\"]+[”」\"]")
_BOX_MARKER = re.compile(
    r"^[【\[〔]?\s*(?:阅\s*读\s*提\s*示|核\s*心\s*阅\s*读)\s*[】\]〕]?\s*[:\uff1a]?\s*"
)


def split_page_text(text: str) -> list[SplitArticle]:
    """The articles of one page, in page order."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    starts = _article_starts(paragraphs)
    if not starts:
        return []
    ends = [*starts[1:], len(paragraphs)]
    return [
        _build_article(position, paragraphs[start:end])
        for position, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
    ]


# -- where articles start --------------------------------------------------------


def _article_starts(paragraphs: list[str]) -> list[int]:
    starts: list[int] = []
    has_byline = False  # whether the article opened at starts[-1] has its byline yet
    for index, paragraph in enumerate(paragraphs):
        start = _start_marked_by(paragraphs, index, has_byline)
        if start is not None and (not starts or start > starts[-1]):
            starts.append(start)
            has_byline = False
        has_byline = has_byline or _carries_byline(paragraph)
    if paragraphs and (not starts or starts[0] > 0):
        # Text above the first headline is the end of an article begun on another page:
        # it becomes an untitled article rather than being lost.
        starts.insert(0, 0)
    return starts


def _start_marked_by(paragraphs: list[str], index: int, has_byline: bool) -> int | None:
    """The start of the article that paragraphs[index] shows to begin, if it shows one."""
    paragraph = paragraphs[index]
    if _is_kicker(paragraphs, index):
        return index
    if _is_lead(paragraph):
        headline = _headline_start(paragraphs, index)
        return index if headline is None else headline
    credit_line = parse_byline(paragraph)
    if credit_line is not None:
        headline = _headline_start(paragraphs, index)
        if headline is not None:
            return headline
        return _start_closed_by(paragraphs, index - 1, credit_line, has_byline)
    credit = credit_at_end(paragraph)
    return None if credit is None else _start_closed_by(paragraphs, index, credit, has_byline)


def _start_closed_by(
    paragraphs: list[str], last_text: int, credit: Byline, has_byline: bool
) -> int | None:
    """A credit under text closes a photo report or a short item that has its own title —
    unless it is the one credit of the article it sits in."""
    if is_photo_credit(credit):
        return _titled_item_start(paragraphs, last_text, PHOTO_CAPTION_REACH)
    if has_byline:
        return _titled_item_start(paragraphs, last_text, SHORT_ITEM_REACH)
    return None


def _headline_start(paragraphs: list[str], index: int) -> int | None:
    """First line of the headline block right above paragraphs[index] (a lead or credit)."""
    above = _above_summary_box(paragraphs, index)
    start = None
    for k in range(above, max(above - 3, -1), -1):
        line = paragraphs[k]
        if not (_is_headline_like(line) or (k == above and _is_exclaiming_title(line))):
            break
        start = k
        if _KICKER_END.search(line):
            break  # nothing of this headline sits above its kicker
    return start


def _above_summary_box(paragraphs: list[str], index: int) -> int:
    """Index of the line above a 阅读提示 box that ends right above paragraphs[index]."""
    for k in range(index - 1, max(index - 4, -1), -1):
        if _BOX_MARKER.match(paragraphs[k]):
            return k - 1
    return index - 1


def _titled_item_start(paragraphs: list[str], last_text: int, reach: int) -> int | None:
    """Start of the item whose title sits at most `reach` text paragraphs above its credit."""
    for k in range(last_text - 1, max(last_text - 1 - reach, -1), -1):
        if _is_structural(paragraphs[k]):
            return None
        if _is_headline_like(paragraphs[k]) and len(paragraphs[k]) <= MAX_HEADING:
            return _headline_start(paragraphs, k + 1)
    return None


# -- one article -----------------------------------------------------------------


def _build_article(position: int, paragraphs: list[str]) -> SplitArticle:
    headline, rest = _take_headline(paragraphs)
    kicker, title, subtitle = _assign_headline(headline)
    summary, rest = _take_summary_box(_join_column_breaks(rest))
    byline, body = split_byline(rest)
    return SplitArticle(
        position=position,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        byline=byline.raw if byline else "",
        reporters=byline.reporters if byline else [],
        correspondents=byline.correspondents if byline else [],
        photographers=byline.photographers if byline else [],
        body="\n".join(body),
        summary=summary,
    )


def _take_headline(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    count = 0
    while count < min(3, len(paragraphs)) and _is_headline_like(paragraphs[count]):
        count += 1
    if (
        count < len(paragraphs) - 1
        and _is_exclaiming_title(paragraphs[count])
        and _opens_text(paragraphs[count + 1])
    ):
        count += 1
    if count < len(paragraphs) and _opens_text(paragraphs[count]):
        return paragraphs[:count], paragraphs[count:]
    # Text follows the headline straight away (a photo report, an article continued from
    # another page): further short lines are its section headings, not headline parts.
    keep = 2 if count and _KICKER_END.search(paragraphs[0]) else 1
    if keep < count and paragraphs[keep].startswith("——"):
        keep += 1
    keep = min(keep, count)
    return paragraphs[:keep], paragraphs[keep:]


def _assign_headline(lines: list[str]) -> tuple[str, str, str]:
    """(kicker, title, subtitle) of the headline lines."""
    if not lines:
        return "", "", ""
    if len(lines) > 1 and _KICKER_END.search(lines[0]):
        title, subtitle = _title_and_subtitle(lines[1:])
        return lines[0], title, subtitle
    if len(lines) >= 3:
        return lines[0], lines[1], " ".join(lines[2:])
    if len(lines) == 2:
        return _kicker_or_subtitle(lines[0], lines[1])
    spaced = _spaced_parts(lines[0])
    if len(spaced) == 2:
        return _kicker_or_subtitle(spaced[0], spaced[1])
    glued = _glued_parts(lines[0])
    return (glued[0], glued[1], "") if len(glued) == 2 else ("", lines[0], "")


def _title_and_subtitle(lines: list[str]) -> tuple[str, str]:
    if len(lines) > 1:
        return lines[0], " ".join(lines[1:])
    parts = _spaced_parts(lines[0])
    return (parts[0], parts[1]) if len(parts) == 2 else (lines[0], "")


def _kicker_or_subtitle(first: str, second: str) -> tuple[str, str, str]:
    """Two headline parts: kicker + title, or title + subtitle?

    A subtitle announces itself with ——. Otherwise the title is the part that names the
    programme or slogan in quotes (“总经理联络员”制度让…); a first part without quotes
    before one with them is the kicker that sets the scene.
    """
    if second.startswith("——") or _QUOTED.search(first) or not _QUOTED.search(second):
        return "", first, second
    return first, second, ""


def _spaced_parts(line: str) -> list[str]:
    for gap in re.finditer(r"\s+", line):
        first, second = line[: gap.start()], line[gap.end() :]
        if len(first) >= MIN_HEADLINE_PART and len(second) >= MIN_HEADLINE_PART:
            return [first, second]
    return [line]


def _glued_parts(line: str) -> list[str]:
    """Kicker and title printed on two lines but dumped as one: …诉求表达平台“三级对话”让小哥…

    The seam is where the title's quoted name opens after the kicker's last clause.
    """
    if len(line) <= MAX_SINGLE_TITLE:
        return [line]
    last_clause = max(line.rfind(","), line.rfind(_FW_COMMA))
    quote = line.find("“", last_clause + 2) if last_clause >= 0 else -1
    if quote < MIN_HEADLINE_PART or len(line) - quote < MIN_HEADLINE_PART:
        return [line]
    return [line[:quote], line[quote:]]


def _take_summary_box(paragraphs: list[str]) -> tuple[str, list[str]]:
    """The 阅读提示 box (its marker and text) taken out of the article's paragraphs."""
    for index, paragraph in enumerate(paragraphs):
        marker = _BOX_MARKER.match(paragraph)
        if marker is None:
            continue
        inline = paragraph[marker.end() :].strip()
        after = paragraphs[index + 1 :]
        size = 0 if inline else _box_size(after)
        box = ([inline] if inline else []) + after[:size]
        return "\n".join(box), paragraphs[:index] + after[size:]
    return "", paragraphs


def _box_size(after: list[str]) -> int:
    """The box runs to the credit line when one follows shortly, else it is one paragraph."""
    for k, paragraph in enumerate(after[:3]):
        if _is_structural(paragraph):
            return k
    return min(1, len(after))


def _join_column_breaks(paragraphs: list[str]) -> list[str]:
    joined: list[_Rejoined] = []
    for paragraph in paragraphs:
        if joined and joined[-1].is_cut() and _continues(paragraph):
            joined[-1].add(paragraph)
        else:
            joined.append(_Rejoined(paragraph))
    return [paragraph.text() for paragraph in joined]


class _Rejoined:
    """A paragraph put back together from the pieces column breaks cut it into.

    Whether it is still cut is asked after every piece. A paragraph longer than a byline
    can be no heading and no byline, so then only its head (for the 阅读提示 marker) and
    its tail (for the end of a sentence) are read, not the whole of it once per piece."""

    def __init__(self, first: str) -> None:
        self._pieces = [first]
        self._size = len(first)
        self._head = first[:MAX_BYLINE]

    def add(self, piece: str) -> None:
        self._pieces.append(piece)
        self._size += len(piece)
        self._head += piece[:MAX_BYLINE - len(self._head)]

    def text(self) -> str:
        return "".join(self._pieces)

    def is_cut(self) -> bool:
        if self._size <= MAX_BYLINE:
            return _is_cut(self.text())
        return not (_ends_sentence(self._tail()) or _BOX_MARKER.match(self._head))

    def _tail(self) -> str:
        """The last pieces, back to one that is more than closing quotes: enough to tell
        how the whole ends."""
        for k in range(len(self._pieces) - 1, -1, -1):
            if self._pieces[k].rstrip(_CLOSING_WRAPPERS):
                return "".join(self._pieces[k:])
        return self.text()


def _is_cut(paragraph: str) -> bool:
    """Prose that stops mid-sentence: the column broke it (a 本报讯 lead can be cut too)."""
    return not (
        _ends_sentence(paragraph)
        or _is_section_heading(paragraph)
        or is_byline_line(paragraph)
        or _BOX_MARKER.match(paragraph)
    )


def _continues(paragraph: str) -> bool:
    return not (_is_section_heading(paragraph) or _is_structural(paragraph))


# -- what a line is --------------------------------------------------------------


def _ends_sentence(line: str) -> bool:
    if line.endswith((")", _FW_CLOSE)):
        return True  # (记者 X), (下转第2版), (新华社发)
    core = line.rstrip(_CLOSING_WRAPPERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _is_headline_like(line: str) -> bool:
    """Short, ends no sentence, holds no full stop: could be a headline part."""
    return (
        len(line) <= MAX_HEADLINE
        and not _ends_sentence(line)
        and not _SENTENCE_MARK.search(line)
        and not _is_structural(line)
    )


def _is_exclaiming_title(line: str) -> bool:
    """A title that ends with ! or ?, only trusted right above a lead or credit."""
    core = line.rstrip(_CLOSING_WRAPPERS)
    return (
        bool(core)
        and core[-1] in f"!?{_FW_EXCLAIM}{_FW_QUESTION}"
        and len(line) <= MAX_HEADING
        and not _SENTENCE_MARK.search(line)
        and not _is_structural(line)
    )


def _is_section_heading(line: str) -> bool:
    return (
        _is_headline_like(line)
        and len(line) <= MAX_HEADING
        and not _CLAUSE_MARK.search(line)
        and not _KICKER_END.search(line)
    )


def _is_kicker(paragraphs: list[str], index: int) -> bool:
    line = paragraphs[index]
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    return bool(
        _KICKER_END.search(line) and _is_headline_like(line) and _is_headline_like(following)
    )


def _carries_byline(paragraph: str) -> bool:
    """Names a writer: a bare 本报讯 does not, so a credit further down is still this one's."""
    byline, _ = split_byline([paragraph])
    return byline is not None and bool(
        byline.reporters or byline.correspondents or byline.photographers
    )


def _is_lead(paragraph: str) -> bool:
    return is_dateline_lead(paragraph)


def _opens_text(paragraph: str) -> bool:
    """A lead, a credit line or a 阅读提示 box: the headline above it is complete."""
    return _is_structural(paragraph)


def _is_structural(paragraph: str) -> bool:
    return bool(
        _is_lead(paragraph) or is_byline_line(paragraph) or _BOX_MARKER.match(paragraph)
    )
