"""The generic layer: a page's main text found by a main-content extractor.

trafilatura is the default. On the shared real pages the two read bodies equally well
(``bench/score_realpages.py --body-from generic --extractor trafilatura|readability``;
the figures are in docs/crawling.md), so the field's reference decides (F1 0.909 on
trafilatura's benchmark, against 0.808 for news-please); it also gives plain paragraphs
and page metadata in one pass. readability-lxml stays selectable
(``extractor = "readability"`` in a paper's options). Both run offline on
the decoded page; neither fetches anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html

from crawler.spiders import text

EXTRACTORS = ("trafilatura", "readability")
DEFAULT_EXTRACTOR = "trafilatura"


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
