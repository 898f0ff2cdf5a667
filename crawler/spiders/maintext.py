"""The generic layer: a page's main text found by a main-content extractor.

trafilatura is the default: it read the body of more shared real pages right than
readability-lxml did (``bench/score_realpages.py --only generic --extractor …``, the
figures are in docs/crawling.md), and it is the field's reference (F1 0.909 on its own
benchmark). readability-lxml stays selectable for the comparison. Both run offline on
the decoded page; neither fetches anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from parsel import Selector

from crawler.spiders import text

EXTRACTORS = ("trafilatura", "readability")
DEFAULT_EXTRACTOR = "trafilatura"
# What an e-paper names its headline element: #Title, h2.art-title, #main-title, .title…
# (not a sub-, pre- or intro-title), holding text, not a list of links or blocks.
_NAMES = "concat(' ', translate(concat(@id, ' ', @class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', " \
    "'abcdefghijklmnopqrstuvwxyz'))"
_NAMED_TITLE = (
    f"//body//*[contains({_NAMES}, 'title') and not(contains({_NAMES}, 'sub'))"
    f" and not(contains({_NAMES}, 'pre')) and not(contains({_NAMES}, 'intro'))]"
    "[not(.//*[self::a or self::li or self::div or self::p or self::td])]"
    " | //body//h1[not(.//a)] | //body//h2[not(.//a)]"
)
_HEADLINE_LENGTH = (4, 100)
_SPACES = re.compile(r"\s+")


@dataclass
class MainText:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)


def main_text(html: str, url: str | None = None,
              extractor: str = DEFAULT_EXTRACTOR) -> MainText:
    """The title and body paragraphs the extractor finds; empty when it finds none."""
    if extractor == "trafilatura":
        return _trafilatura(html, url)
    if extractor == "readability":
        return _readability(html)
    raise ValueError(f"unknown main-text extractor {extractor!r}; one of {EXTRACTORS}")


def headline(page: Selector, extracted: str = "") -> str:
    """The article's headline as the page prints it: an element named for a title (or
    the first h1/h2) of headline length, else the extractor's title if the page prints
    it. An extractor's title alone is often the site's name (``科技日报--数字报``)."""
    low, high = _HEADLINE_LENGTH
    printed = set()
    for node in page.xpath(_NAMED_TITLE):
        found = text.node_text(node)
        printed.add(_SPACES.sub("", found))
        if low <= len(found) <= high:
            return found
    return extracted if _SPACES.sub("", extracted) in printed else ""


def _trafilatura(html: str, url: str | None) -> MainText:
    import trafilatura

    found = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, include_images=False,
        deduplicate=False, with_metadata=True)
    if found is None:
        return MainText()
    lines = (found.text or "").splitlines()
    return MainText(text.clean(found.title), [text.clean(x) for x in lines if text.clean(x)])


def _readability(html: str) -> MainText:
    from readability import Document

    document = Document(html)
    summary = lxml.html.fromstring(document.summary(html_partial=True))
    blocks = summary.xpath("//p | //li | //h2 | //h3 | //h4")
    paragraphs = [text.clean(b.text_content()) for b in blocks if text.clean(b.text_content())]
    if not paragraphs:
        paragraphs = [text.clean(x) for x in summary.text_content().splitlines()
                      if text.clean(x)]
    return MainText(text.clean(document.short_title()), paragraphs)
