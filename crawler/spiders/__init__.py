"""One spider per e-paper template; a newspaper is a configuration of one of them.

The registry is the spider classes themselves: every ``EpaperSpider`` subclass defined
in a module of this package that names itself (its Scrapy ``name`` is its template's
name).
A new template is a new module here, and nothing else. The modules are imported on
the first question, so a ``unionkb`` command that does not crawl never loads Scrapy.
"""

from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.spiders.base import EpaperSpider


@cache
def spiders() -> dict[str, type[EpaperSpider]]:
    """Every template's spider class, by template name, in module order."""
    from crawler.spiders.base import EpaperSpider

    found: dict[str, type[EpaperSpider]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, EpaperSpider)
                    and value.__module__ == module.__name__ and "name" in vars(value)):
                found[value.name] = value
    return found


def spider_class(template: str) -> type[EpaperSpider]:
    known = spiders()
    if template not in known:
        raise KeyError(f"no spider for template {template!r}; known: {', '.join(known)}")
    return known[template]
