"""Headlines as an unknown page names them: the generic layer's title, 引题 and 副题.

E-paper systems name their headline elements, in English or in pinyin: ``#Title``,
``h2.art-title``, ``#main-title``, ``.biaoti``; the 引题 ``#PreTitle``, ``.introtitle``,
``.yinti``; the 副题 ``#SubTitle``, ``.sub-title``, ``.futi``. An element counts when it
holds text, not a list of links or blocks (a page list's ``div.title`` of headlines).
Without a named title, the first h1/h2 is the headline, and then the extractor's title
if the page prints it: an extractor's title alone is often the site's name
(``科技日报--数字报``).
"""

from __future__ import annotations

import re

from parsel import Selector

from crawler.spiders import text

_NAMES = ("concat(' ', translate(concat(@id, ' ', @class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_',"
          " 'abcdefghijklmnopqrstuvwxyz'))")
# role → (a name contains one of these, and none of those)
_ROLES = {
    "title": (("title", "biaoti", "zhuti", "headline"), ("sub", "pre", "intro", "yin", "fu")),
    "kicker": (("pretitle", "introtitle", "yinti", "yinbiaoti", "kicker"), ()),
    "subtitle": (("subtitle", "futi", "fubiaoti"), ()),
}
_TEXT_ONLY = "[not(.//*[self::a or self::li or self::div or self::p or self::td or self::ul])]"
_LEAVES = "//body//*[not(*[not(self::br)])]"
HEADLINE_LENGTH = (2, 100)
_SPACES = re.compile(r"\s+")


def named_text(page: Selector, role: str) -> str:
    """The text of the first element named for ``role`` (title, kicker, subtitle)."""
    wanted, unwanted = _ROLES[role]
    has = " or ".join(f"contains({_NAMES}, '{name}')" for name in wanted)
    has_not = "".join(f" and not(contains({_NAMES}, '{name}'))" for name in unwanted)
    low, high = HEADLINE_LENGTH
    for node in page.xpath(f"//body//*[({has}){has_not}]{_TEXT_ONLY}"):
        found = text.node_text(node)
        if low <= len(found) <= high:
            return found
    return ""


def headline(page: Selector) -> str:
    """The element named for a title, else the first h1/h2 of a headline's length."""
    named = named_text(page, "title")
    if named:
        return named
    low, high = HEADLINE_LENGTH
    for node in page.xpath("//body//h1[not(.//a)] | //body//h2[not(.//a)]"):
        found = text.node_text(node)
        if low <= len(found) <= high:
            return found
    return ""


def printed(page: Selector, title: str) -> bool:
    """Whether the page prints ``title`` as an element's whole text (spaces aside)."""
    wanted = _SPACES.sub("", title)
    return bool(wanted) and any(_SPACES.sub("", text.node_text(node)) == wanted
                                for node in page.xpath(_LEAVES))
