"""Founder (方正) classic e-papers: ``html/YYYY-MM/DD/node_N.htm`` and ``content_N.htm``.

Article fields sit in ``<founder-title>``, ``<founder-subtitle>``, ``<founder-author>``
and ``<founder-content>``; an ``<!--enpproperty … /enpproperty-->`` comment repeats
them with the date and page, either as ``<founder-date>`` … or, on older pages, as
``<date>``, ``<introtitle>``, ``<pagenum>`` …; it is the only place the 引题 is kept.
The comment is read by the metadata layer (crawler/spiders/metadata.py), for every
template: other systems write it too.
"""

from __future__ import annotations

from crawler.spiders.base import EpaperSpider


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
