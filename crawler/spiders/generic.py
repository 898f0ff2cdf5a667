"""Any e-paper that matches none of the templates: read by the layers alone.

It has no selectors of its own, so articles are read from the page's metadata and
the main-text extractor (crawler/spiders/layers.py), and each article records which
of them it used. Page lists are the links labelled as pages (``第01版：要闻``,
``A02版``); article links are the documents of the issue beside the page list or
under its date folder (crawler/spiders/links.py). A paper's ``[paper.options]`` can
still give any selector, which then comes first.

    unionkb crawl generic --home https://epaper.example.cn/ \\
        --issue-url 'html/{yyyy}-{mm}/{dd}/node_1.htm' --source exrb
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.spiders import links, text
from crawler.spiders.base import EpaperSpider, PageRef

_PAGE_LABEL = re.compile(r"[A-Za-z]?\d{1,3}\s*版")


class GenericSpider(EpaperSpider):
    name = "generic"
    defaults = {
        "pages": "a[href]",
        "articles": "a[href], area[href]",
    }

    def find_pages(self, response: TextResponse) -> list[PageRef]:
        """Links labelled as pages; a page list without them is an issue of one page."""
        day = self.pattern.date_in(response.url)
        pages = []
        for link in links.page_links(response, self.options.get("pages")):
            label = next((x for x in link.labels if _PAGE_LABEL.search(x)), None)
            if label and links.in_issue(link.url, response.url, day):
                number, name = text.parse_page_label(label)
                pages.append(PageRef(link.url, number, name))
        return pages or [PageRef(links.identity(response.url), None, "")]
