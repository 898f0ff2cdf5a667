"""Founder (方正) classic e-papers: ``html/YYYY-MM/DD/node_N.htm`` and ``content_N.htm``.

Article fields sit in ``<founder-title>``, ``<founder-subtitle>``, ``<founder-author>``
and ``<founder-content>``; an ``<!--enpproperty … /enpproperty-->`` comment repeats
them with the date and page, either as ``<founder-date>`` … or, on older pages, as
``<date>``, ``<introtitle>``, ``<pagenum>`` …; it is the only place the 引题 is kept.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.spiders import text
from crawler.spiders.base import EpaperSpider
from crawler.spiders.fields import ArticleFields

_PROPERTY = re.compile(r"<(?:founder-)?([a-z_]+)>(.*?)</(?:founder-)?\1>", re.DOTALL | re.I)
_TAGS = re.compile(r"<[^>]+>")


def enp_properties(response: TextResponse) -> dict[str, str]:
    """The enpproperty comment as a dict; ``founder-date`` and ``date`` both become ``date``."""
    for comment in response.xpath("//comment()").getall():
        if "enpproperty" in comment:
            return {key.lower(): text.clean(_TAGS.sub("", value))
                    for key, value in _PROPERTY.findall(comment)}
    return {}


class FounderSpider(EpaperSpider):
    name = "founder"
    defaults = {
        "pages": "a#pageLink",
        "page_url": r"node_\w+\.html?$",
        "articles": "a[href], area[href]",
        "article_url": r"content_\d+\.html?$",
        "title": "founder-title",
        "subtitle": "founder-subtitle",
        "author": "founder-author",
        # Paragraphs of the text, not of a picture table inside it (whole pages are tables).
        "body": "//founder-content//p[not(ancestor::table[ancestor::founder-content])]"
                " | //div[@id='ozoom'][not(.//founder-content)]"
                "//p[not(ancestor::table[ancestor::div[@id='ozoom']])]",
        "captions": "div#ozoom table td, div.attachment p",
        "images": "div#ozoom img, div.attachment img",
    }

    def complete_fields(self, fields: ArticleFields, response: TextResponse) -> ArticleFields:
        meta = enp_properties(response)
        fields.kicker = fields.kicker or meta.get("introtitle", "")
        fields.title = fields.title or meta.get("title", "")
        fields.subtitle = fields.subtitle or meta.get("subtitle", "")
        fields.author = fields.author or meta.get("author", "")
        day = text.find_day(meta.get("date"))
        fields.date = day.isoformat() if day else None
        fields.page, _ = text.parse_page_label(meta.get("pagenum", ""))
        return fields
