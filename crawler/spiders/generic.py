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

from scrapy.http import TextResponse

from crawler.spiders import links
from crawler.spiders.base import EpaperSpider, PageRef


class GenericSpider(EpaperSpider):
    name = "generic"
    defaults = {
        "articles": "a[href], area[href]",
    }

    def find_pages(self, response: TextResponse) -> list[PageRef]:
        """Links labelled as pages; a page list without them is an issue of one page."""
        pages = self.labelled_pages(response)
        return pages or [PageRef(links.identity(response.url), None, "")]
