"""What a page says about itself apart from its printed text: the metadata layer.

In order of trust: the Founder (方正) ``<!--enpproperty … /enpproperty-->`` comment,
which e-paper systems write from the article record (title, 引题, 副题, author, date,
page), and the ``<!--enpcontent-->…<!--/enpcontent-->`` markers the same system puts
around the article's text (on e-papers and on many papers' news sites alike); JSON-LD
(``NewsArticle``: headline, author, datePublished, articleBody); the ``<meta>`` tags
(``og:title``, ``title``/``ArticleTitle``/``headline``, ``author``, publication
dates); and ``<title>``, taken only when the page also prints it, and never a part that
is the site's name (``科技日报--数字报``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy.http import TextResponse

from crawler.spiders import text

_PROPERTY = re.compile(r"<(?:founder-)?([a-z_]+)>(.*?)</(?:founder-)?\1>", re.DOTALL | re.I)
_TAGS = re.compile(r"<[^>]+>")
_ENP_CONTENT = re.compile(r"<!--\s*enpcontent\s*-->(.*?)<!--\s*/enpcontent\s*-->",
                          re.DOTALL | re.I)
_SPACES = re.compile(r"\s+")
# A <title> part that names the site, not the article: 科技日报, 数字报, 人民网, 电子版.
_SITE_NAME = re.compile(r"^.{0,8}(?:报|网|刊|电子版|数字报|报社)$")
# <title> parts: 标题--科技日报, 标题_湖北日报, 标题 | 人民网, 标题 - 中工网
_TITLE_SEPARATORS = re.compile(r"\s*(?:--|——|_|\||｜|\s-\s)\s*")
_ENP_FIELDS = {"title": "title", "introtitle": "kicker", "subtitle": "subtitle",
               "author": "author", "date": "date", "pagenum": "page"}
_META_FIELDS = (
    ("title", ("og:title", "title", "articletitle", "headline", "twitter:title")),
    ("subtitle", ("subtitle", "articlesubtitle")),
    ("author", ("author", "article:author", "byline")),
    ("date", ("article:published_time", "publishdate", "pubdate", "date", "dc.date")),
)


def enp_properties(response: TextResponse | Selector) -> dict[str, str]:
    """The enpproperty comment as a dict; ``founder-date`` and ``date`` both become ``date``."""
    for comment in response.xpath("//comment()").getall():
        if "enpproperty" in comment:
            return {key.lower(): text.clean(_TAGS.sub("", value))
                    for key, value in _PROPERTY.findall(comment)}
    return {}


def page_metadata(response: TextResponse | Selector) -> dict[str, Any]:
    """Field name (title, kicker, subtitle, author, date, page, body) → what the page's
    metadata says, the most trusted source first; ``body`` is a list of paragraphs."""
    found: dict[str, Any] = {}
    for source in (_from_enp(response), _from_json_ld(response), _from_meta(response),
                   _from_title(response)):
        for key, value in source.items():
            if value and key not in found:
                found[key] = value
    return found


def _from_enp(response: TextResponse | Selector) -> dict[str, Any]:
    props = enp_properties(response)
    found: dict[str, Any] = {field: props[key] for key, field in _ENP_FIELDS.items()
                             if props.get(key)}
    found["body"] = enp_content(response)
    return found


def enp_content(response: TextResponse | Selector) -> list[str]:
    """The paragraphs between the first ``<!--enpcontent-->`` and its closing marker."""
    match = _ENP_CONTENT.search(response.get() if isinstance(response, Selector)
                                else response.text)
    if match is None:
        return []
    block = Selector(text=f"<div>{match.group(1)}</div>")
    return text.paragraphs(block, "//p") or text.paragraphs(block, "//div[1]")


def _from_json_ld(response: TextResponse | Selector) -> dict[str, Any]:
    for article in _json_ld_articles(response):
        author = article.get("author")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name")
        body = article.get("articleBody")
        return {
            "title": text.clean(str(article.get("headline") or "")),
            "author": text.clean(str(author or "")),
            "date": text.clean(str(article.get("datePublished") or "")),
            "body": [text.clean(line) for line in str(body or "").splitlines()
                     if text.clean(line)],
        }
    return {}


def _json_ld_articles(response: TextResponse | Selector) -> Iterator[dict[str, Any]]:
    for script in response.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue  # a broken block says nothing; the other layers still may
        items = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else []:
            kind = item.get("@type", "") if isinstance(item, dict) else ""
            kinds = kind if isinstance(kind, list) else [kind]
            if any(str(k).endswith("Article") for k in kinds):
                yield item


def _from_meta(response: TextResponse | Selector) -> dict[str, Any]:
    metas: dict[str, str] = {}
    for node in response.xpath("//meta[@content]"):
        name = (node.attrib.get("property") or node.attrib.get("name") or "").lower()
        if name and name not in metas:
            metas[name] = text.clean(node.attrib["content"])
    found = {}
    for field, names in _META_FIELDS:
        value = next((metas[n] for n in names if metas.get(n)), "")
        if value:
            found[field] = value
    return found


def _from_title(response: TextResponse | Selector) -> dict[str, Any]:
    """The part of <title> that the page prints as a heading of its own."""
    title = text.clean(response.xpath("string(//head/title)").get())
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p and not _SITE_NAME.match(p)]
    if not parts:
        return {}
    # Compared without spaces: a headline broken by <br> prints without one.
    printed = {_SPACES.sub("", text.node_text(node)) for node in response.xpath(
        "//body//*[self::h1 or self::h2 or self::h3 or self::strong or self::font"
        " or self::div or self::p or self::span or self::td][not(*[not(self::br)])]")}
    for part in sorted(parts, key=len, reverse=True):
        if _SPACES.sub("", part) in printed:
            return {"title": part}
    return {}
