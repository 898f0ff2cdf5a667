"""The fields a template reads off an article page, and their one way into an item.

Every template fills :class:`ArticleFields`; :func:`article_item` then does what is
the same for all of them: split the byline out of the author field or the body,
and fill date and page from where the article was found.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy.http import TextResponse

from crawler.byline import is_byline_line, parse_byline, split_byline
from crawler.items import ArticleContext, ArticleItem
from crawler.spiders.text import clean_cjk

# Boxes that open a feature before its byline: 阅 读 提 示 / 核心阅读 / 编者按.
SUMMARY_HEADS = ("阅读提示", "核心阅读", "编者按", "导读")
# A photo caption printed above the lead ends with its credit: （记者 X 摄）, （新华社发）,
# （X供图）. Main-text extractors keep it as the first paragraph of the text.
_CAPTION_END = re.compile(r"[(\uff08][^()\uff08\uff09]{0,40}(?:摄|发|供图)\s*[)\uff09]$")
MAX_CAPTION = 200


class Unparseable(ValueError):
    """A page that does not hold what its template promises; the message says what is missing."""


@dataclass
class ArticleFields:
    title: str
    paragraphs: list[str]
    kicker: str = ""
    subtitle: str = ""
    author: str = ""
    captions: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    # What the page itself says, used when the context does not know.
    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    # Which layer (crawler/spiders/layers.py) each field came from.
    layers: dict[str, str] = field(default_factory=dict)


def require_complete(response: TextResponse) -> None:
    """A truncated download still parses; a page without its closing tag is not trusted."""
    tail = response.body[-2048:].lower()
    if b"</html" not in tail and b"</body" not in tail:
        raise Unparseable("truncated HTML: the page ends before </body></html>")


def check_fields(fields: ArticleFields) -> ArticleFields:
    tried = "tried the paper's and the template's selectors, the page's metadata and " \
        "the main-text extractor"
    if not fields.title:
        raise Unparseable(f"no title found on the page ({tried})")
    if not fields.paragraphs:
        raise Unparseable(f"no body paragraphs found for {fields.title!r} ({tried})")
    return fields


def split_summary(paragraphs: list[str]) -> tuple[str, list[str]]:
    """A 阅读提示 box ahead of the byline is the summary, not the report."""
    if not paragraphs or clean_cjk(paragraphs[0]).rstrip(":：") not in SUMMARY_HEADS:
        return "", paragraphs
    for end in range(1, min(len(paragraphs), 5)):
        if is_byline_line(paragraphs[end]):
            return "\n".join(paragraphs[1:end]), paragraphs[end:]
    return (paragraphs[1], paragraphs[2:]) if len(paragraphs) > 2 else ("", paragraphs)


def split_leading_captions(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(captions, text): photo captions that come before the lead are not the report."""
    count = 0
    while (count < len(paragraphs) - 1 and len(paragraphs[count]) <= MAX_CAPTION
           and _CAPTION_END.search(paragraphs[count].rstrip())):
        count += 1
    return paragraphs[:count], paragraphs[count:]


def _merge(*groups: list[str]) -> list[str]:
    merged: list[str] = []
    for group in groups:
        merged.extend(name for name in group if name not in merged)
    return merged


def article_item(
    fields: ArticleFields,
    context: ArticleContext,
    response: TextResponse,
    paper: dict[str, Any],
) -> ArticleItem:
    captions, paragraphs = split_leading_captions(fields.paragraphs)
    summary, paragraphs = split_summary(paragraphs)
    from_body, body = split_byline(paragraphs)
    from_author = parse_byline(fields.author) if fields.author else None
    bylines = [b for b in (from_author, from_body) if b is not None]
    raw = fields.author or (from_body.raw if from_body else "")
    if not body:
        raise Unparseable(f"only a byline in the body of {fields.title!r}")
    return ArticleItem(
        url=context.url,
        source=context.source,
        title=fields.title,
        body="\n".join(body),
        date=context.date or fields.date,
        page=context.page or fields.page,
        page_name=context.page_name or fields.page_name,
        kicker=fields.kicker,
        subtitle=fields.subtitle,
        summary=summary,
        byline=raw,
        reporters=_merge(*(b.reporters for b in bylines)),
        correspondents=_merge(*(b.correspondents for b in bylines)),
        photographers=_merge(*(b.photographers for b in bylines)),
        captions=_merge(list(fields.captions), captions),
        images=list(fields.images),
        layers=dict(fields.layers),
        raw=response.body,
        encoding=response.encoding,
        paper=paper,
        context=asdict(context),
    )
