"""The people.com.cn e-paper layout (人民日报 until 2024-11, 光明日报):
``html/YYYY-MM/DD/nbs.D110000xxx_PP.htm`` pages and
``nw.D110000xxx_YYYYMMDD_N-PP.htm`` articles; 引题/主题/副题 in h3/h1/h2.
"""

from __future__ import annotations

from crawler.spiders.base import EpaperSpider


class PeopleSpider(EpaperSpider):
    name = "people"
    defaults = {
        "pages": "a#pageLink, div.swiper-slide a, div.right_title-name a",
        "page_url": r"nbs\.D\d+\w*_\w+\.htm$",
        "page_number": r"_(\d+)\.htm$",
        "articles": "a[href], area[href]",
        "article_url": r"nw\.D\d+\w*_\d{8}_\d+-\w+\.htm$",
        "kicker": "div.text_c h3, div.article h3",
        "title": "div.text_c h1, div.article h1",
        "subtitle": "div.text_c h2, div.article h2",
        "author": "div.text_c h4, div.article h4",
        "body": "//div[@id='ozoom']//p[not(ancestor::table[ancestor::div[@id='ozoom']])]",
        "captions": "table.pci_c td, div#ozoom table td",
        "images": "table.pci_c img, div#ozoom img",
    }
