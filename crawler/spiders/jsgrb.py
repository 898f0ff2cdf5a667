"""江苏工人报's e-paper: ``Media/jsgrb/YYYY-MM-DD`` issues and
``Article/index/aid/ID.html`` articles, title ``p.title``, body ``div.txt``.
"""

from __future__ import annotations

from crawler.spiders.base import EpaperSpider


class JsgrbSpider(EpaperSpider):
    name = "jsgrb"
    defaults = {
        "pages": "div.page-list a, ul.page-list a",
        "page_url": r"/Media/\w+/\d{4}-\d{2}-\d{2}(?:/\w+)?$",
        "page_number": r"/(\d+)$",
        "articles": "a[href], area[href]",
        "article_url": r"Article/index/aid/\d+\.html$",
        "kicker": "p.pretitle",
        "title": "p.title",
        "subtitle": "p.subtitle",
        "author": "p.author",
        "body": "//div[contains(concat(' ', @class, ' '), ' txt ')]//p"
                " | //div[contains(concat(' ', @class, ' '), ' txt ')][not(.//p)]",
        "captions": "div.pic p",
        "images": "div.pic img",
    }
