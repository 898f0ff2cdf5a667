"""One spider per e-paper template; a newspaper is a configuration of one of them.

The registry imports a spider only when asked, so the ``unionkb`` command line
does not load Scrapy until a crawl starts.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.spiders.base import EpaperSpider

SPIDERS: dict[str, str] = {
    "founder": "crawler.spiders.founder:FounderSpider",
    "founder-pc": "crawler.spiders.founder_pc:FounderPcSpider",
    "workercn": "crawler.spiders.workercn:WorkercnSpider",
    "people": "crawler.spiders.people:PeopleSpider",
    "xpaper": "crawler.spiders.xpaper:XpaperSpider",
    "jsgrb": "crawler.spiders.jsgrb:JsgrbSpider",
}


def spider_class(template: str) -> type[EpaperSpider]:
    if template not in SPIDERS:
        raise KeyError(f"no spider for template {template!r}; known: {', '.join(SPIDERS)}")
    module, name = SPIDERS[template].split(":")
    return getattr(import_module(module), name)
