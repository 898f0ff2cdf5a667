"""工人日报's own e-paper on workercn.cn: ``papers/grrb/YYYY/MM/DD/PAGE/page.html`` pages
and ``news-N.html`` articles; each article carries a line like
``《工人日报》(2016年01月11日 02版)``, which gives its date and page when the
context does not.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.spiders import text
from crawler.spiders.base import EpaperSpider
from crawler.spiders.fields import ArticleFields

_SOURCE_LINE = re.compile(
    r"《[^》]+》\s*[(（]\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*([A-Za-z]?\d+)\s*版\s*[)）]"
)


class WorkercnSpider(EpaperSpider):
    name = "workercn"
    defaults = {
        "pages": "ul#pageUrl li a",
        "page_url": r"/\d+/page\.html$",
        "page_number": r"/(\d+)/page\.html$",
        "articles": "ul#pageTitle li a",
        "article_url": r"news-\d+\.html$",
        "kicker": "#pretitle",
        "title": "#ctitle",
        "subtitle": "#subtitle",
        "author": "#author",
        "body": "//*[@id='ccontent']//p | //*[@id='ccontent'][not(.//p)]",
        "captions": "#imgs p",
        "images": "#imgs img",
    }

    def complete_fields(self, fields: ArticleFields, response: TextResponse) -> ArticleFields:
        page_text = text.clean(" ".join(response.xpath("//body//text()").getall()))
        match = _SOURCE_LINE.search(page_text)
        if match:
            day = text.find_day(match.group(1))
            fields.date = day.isoformat() if day else None
            fields.page, _ = text.parse_page_label(match.group(2))
        fields.paragraphs = [p for p in fields.paragraphs if not _SOURCE_LINE.fullmatch(p)]
        return fields
