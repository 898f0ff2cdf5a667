"""Text out of e-paper HTML: selectors given as configuration, clean strings, page labels.

Selectors come from templates and from ``papers.toml``, so one string form covers
both CSS and XPath: a selector starting with ``/`` or ``(`` is XPath, anything
else is CSS (a comma-separated CSS list is a union, as in the browser).
"""

from __future__ import annotations

import re
from datetime import date

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

# Full-width spaces and NBSPs indent every paragraph of a Chinese e-paper.
_SPACE = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
# "第A02版：要闻", "02版:新闻", "第01版 首版", "A02 要闻", "第8686期:第01版 首版"
_PAGE_LABEL = re.compile(
    r"(?:第?\s*\d+\s*期\s*[:：]?\s*)?第?\s*(?P<num>[A-Za-z]?\d{1,3})\s*版?\s*[:：]?\s*(?P<name>.*)$"
)


def select(node: TextResponse | Selector, selector: str | None) -> SelectorList:
    if not selector:
        return SelectorList([])
    if selector.lstrip().startswith(("/", "(")):
        return node.xpath(selector)
    return node.css(selector)


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def clean_cjk(text: str | None) -> str:
    """Drop the spaces typesetters put between CJK characters ("阅 读 提 示")."""
    text = clean(text)
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


def node_text(node: Selector) -> str:
    return clean(node.xpath("string()").get())


def first_text(node: TextResponse | Selector, selector: str | None) -> str:
    for found in select(node, selector):
        text = node_text(found)
        if text:
            return text
    return ""


def all_texts(node: TextResponse | Selector, selector: str | None) -> list[str]:
    texts = [node_text(found) for found in select(node, selector)]
    return [text for text in texts if text]


def paragraphs(node: TextResponse | Selector, selector: str | None) -> list[str]:
    """Paragraph texts in order; a <br>-broken paragraph becomes several."""
    result: list[str] = []
    for found in select(node, selector):
        pieces = found.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()
        for line in "".join(pieces).splitlines():
            text = clean(line)
            if text:
                result.append(text)
    return result


def parse_page_label(label: str) -> tuple[str | None, str]:
    """'第A02版：要闻' -> ('A02', '要闻'); numbers are zero-padded to two digits."""
    match = _PAGE_LABEL.match(clean(label))
    if not match:
        return None, clean(label)
    number = match.group("num").upper()
    if number.isdigit():
        number = number.zfill(2)
    elif len(number) == 2:
        number = number[0] + number[1:].zfill(2)
    return number, clean(match.group("name"))


_DAY = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")


def find_day(value: str | None) -> date | None:
    """The first date written in a text: 2025-03-19, 2025/3/19, 2025年03月19日."""
    for match in _DAY.finditer(value or ""):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None
