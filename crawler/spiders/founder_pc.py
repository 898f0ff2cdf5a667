"""Founder's newer "pc" e-paper: ``pc/layout/YYYYMM/DD/node_01.html`` pages (or ``pc/col/…``)
and ``pc/content/YYYYMM/DD/content_N.html`` (or ``cN.html``) articles.

Papers differ in the article markup (甘肃工人报 ``#PreTitle``/``#Title``/``#SubTitle``,
唐山劳动日报 ``p.introtitle``/``h2.art-title``/``p.subtitle``): that is per-paper
configuration in ``papers.toml``, not another spider.
"""

from __future__ import annotations

from crawler.spiders.base import EpaperSpider


class FounderPcSpider(EpaperSpider):
    name = "founder-pc"
    defaults = {
        "pages": "#layoutlist a, .layout-catalogue-item a, div.swiper-slide a, #list li a, "
                 "a#pageLink",
        "page_url": r"node_\w+\.html$",
        "articles": "a[href], area[href]",
        "article_url": r"/(?:content_|c)\d+\.html$",
        "kicker": "#PreTitle",
        "title": "#Title",
        "subtitle": "#SubTitle",
        "author": "#Author",
        # <founder-content> is the Founder system's own element, wherever a site puts it.
        "body": "//div[@id='ozoom']//founder-content//p"
                " | //div[@id='ozoom'][not(.//founder-content)]//p[not(ancestor::div"
                "[contains(concat(' ', @class, ' '), ' attachment ')])]"
                " | //founder-content[not(ancestor::div[@id='ozoom'])]//p",
        # The layout's page number, kept hidden on the article page.
        "page": "#nowLayout",
        "captions": "div.attachment p, div.attachment td",
        "images": "div.attachment img",
    }
