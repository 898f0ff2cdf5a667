"""Layered article reading: each field from the first layer that has it, and which one did.

The layers, in order:

1. ``paper``: the selectors the paper's entry in papers.toml sets (``[paper.options]``);
2. ``template``: the template spider's own selectors;
3. ``metadata``: what the page says about itself (crawler/spiders/metadata.py);
4. ``generic``: a main-content extractor's body (crawler/spiders/maintext.py) and the
   headlines the page names (crawler/spiders/headings.py).

A layer's value counts only when it could be the field (a title that is a date, or an
"author" that is the issue date, is passed over), so a template that misses on a
site falls through to the next layer instead of storing nothing, and the layer
recorded for title and body shows in the raw store and in ``unionkb stats`` which
templates read their sites and which lean on the fallbacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from scrapy.http import TextResponse

from crawler.spiders import text
from crawler.spiders.fields import ArticleFields
from crawler.spiders.headings import headline, named_text, printed
from crawler.spiders.maintext import DEFAULT_EXTRACTOR, main_text
from crawler.spiders.metadata import page_metadata

LAYERS = ("paper", "template", "metadata", "generic")
TEXT_FIELDS = ("kicker", "title", "subtitle", "author")
READ_FIELDS = (*TEXT_FIELDS, "body", "page")
MAX_TITLE = 200
# A value that is only a date (湖北日报's <font id="author">2023年02月11日</font>).
_ONLY_DATE = re.compile(r"^[\d\s年月日./:\-]+$")


def read_layers(response: TextResponse, paper_options: dict[str, str],
                template_options: dict[str, str], extractor: str = DEFAULT_EXTRACTOR,
                body_layer: str | None = None) -> ArticleFields:
    """The article's fields, each from the first layer that has it; the body from
    ``body_layer`` alone when one is named (the comparison of body readers)."""
    readers = _Readers(response, paper_options, template_options, extractor)
    values: dict[str, Any] = {}
    layers: dict[str, str] = {}
    for name in READ_FIELDS:
        for layer in (body_layer,) if body_layer and name == "body" else LAYERS:
            value = readers.read(layer, name)
            if _acceptable(name, value):
                values[name], layers[name] = value, layer
                break
    day = text.find_day(readers.metadata().get("date"))
    return ArticleFields(
        title=values.get("title", ""), paragraphs=values.get("body", []),
        kicker=values.get("kicker", ""), subtitle=values.get("subtitle", ""),
        author=values.get("author", ""), page=values.get("page"),
        date=day.isoformat() if day else None, layers=layers,
    )


def _acceptable(name: str, value: Any) -> bool:
    if not value:
        return False
    if name == "body":
        return any(paragraph.strip() for paragraph in value)
    if name in TEXT_FIELDS and _ONLY_DATE.match(value):
        return False
    return not (name == "title" and len(value) > MAX_TITLE)


class _Readers:
    """One page's layers; metadata and the main-text extractor run once, when first asked."""

    def __init__(self, response: TextResponse, paper_options: dict[str, str],
                 template_options: dict[str, str], extractor: str) -> None:
        self.response = response
        self.selectors = {"paper": paper_options, "template": template_options}
        self.extractor = extractor
        self.metadata: Callable[[], dict[str, Any]] = cache(lambda: page_metadata(response))
        self.generic = cache(lambda: main_text(response.text, response.url, extractor))

    def read(self, layer: str, name: str) -> Any:
        if layer in self.selectors:
            return self._select(self.selectors[layer].get(name), name)
        if layer == "metadata":
            value = self.metadata().get(name)
            return _page_number(value) if name == "page" else value
        if layer == "generic":
            return self._generic(name)
        raise ValueError(f"unknown layer {layer!r}; one of {LAYERS}")

    def _generic(self, name: str) -> Any:
        """The generic layer; the extractor runs only for a body or a last-resort title."""
        page = self.response.selector
        if name == "body":
            return self.generic().paragraphs
        if name == "title":
            named = headline(page)
            if named:
                return named
            extracted = self.generic().title
            return extracted if printed(page, extracted) else None
        return named_text(page, name) if name in ("kicker", "subtitle") else None

    def _select(self, selector: str | None, name: str) -> Any:
        if not selector:
            return None
        if name == "body":
            return text.paragraphs(self.response, selector)
        value = text.first_text(self.response, selector)
        return _page_number(value) if name == "page" else value


def _page_number(label: str | None) -> str | None:
    number, _ = text.parse_page_label(label or "")
    return number
