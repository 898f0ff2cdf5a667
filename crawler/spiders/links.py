"""Which links of a page list are the issue's articles.

Real page lists link much that is not an article of the issue: a footer pointing to
another site's ``content_*.htm`` archive, last year's special, the PDF of the page.
An article link here is one that

- sits on the page's own site, and does not spell a date other than the issue's in its
  path (``…/2009-05/31/content_64683.htm`` on the 2023-02-10 page is not of the issue);
- matches the template's (or the paper's) article URL rule, once its query string is
  set aside: ``content_548643.htm?div=-1`` and ``?div=0`` are one article. The query is
  set aside only when the path itself names the article (it holds a number), so
  ``show.jsp?id=7`` and ``show.jsp?id=8`` stay two;
- or, with no rule (the generic template), is a document under the issue's date folder
  or beside the page, with a number in its name, that is not one of the issue's pages.

Image-map ``<area>`` links and text links are read alike, and each article is listed
once, where it first appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from posixpath import dirname
from urllib.parse import urldefrag, urlsplit, urlunsplit

from scrapy.http import TextResponse

from crawler.spiders import text

# 2023-02/10, 202302/10, 2023/02/10, 2023-02-10, 20230210 in a URL path
_PATH_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:-|/)?(?P<m>0[1-9]|1[0-2])(?:-|/)?(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?!\d)")
_DOCUMENT = re.compile(r"(?:\.s?html?|\.jsp|\.php|\.aspx?|/[^./]*)$", re.I)
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "#", "tel:")


def identity(url: str) -> str:
    """The URL an article is known by: no fragment, and no query when the path names it."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    last = parts.path.rsplit("/", 1)[-1]
    if parts.query and re.search(r"\d", last):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return url


def dates_in_path(url: str) -> set[date]:
    found = set()
    for match in _PATH_DATE.finditer(urlsplit(url).path):
        try:
            found.add(date(int(match["y"]), int(match["m"]), int(match["d"])))
        except ValueError:
            continue
    return found


def same_site(url: str, page_url: str) -> bool:
    def host(u: str) -> str:
        return (urlsplit(u).hostname or "").removeprefix("www.")

    return host(url) == host(page_url)


def in_issue(url: str, page_url: str, day: date | None) -> bool:
    """On the page's site, and dated the issue's day if it is dated at all."""
    if not same_site(url, page_url):
        return False
    dates = dates_in_path(url)
    return not dates or day is None or day in dates


@dataclass
class Link:
    """One target of a page's links: every text it is linked with, and whether an
    image-map area links it."""

    url: str
    labels: list[str] = field(default_factory=list)
    area: bool = False

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else ""


def page_links(response: TextResponse, selector: str | None) -> list[Link]:
    """The selected links' targets, in page order, each once."""
    found: dict[str, Link] = {}
    for node in text.select(response, selector):
        href = node.attrib.get("href", "").strip()
        if not href or href.lower().startswith(_SKIPPED_SCHEMES):
            continue
        link = found.setdefault(identity(response.urljoin(href)),
                                Link(identity(response.urljoin(href))))
        label = text.node_text(node)
        if label and label not in link.labels:
            link.labels.append(label)
        link.area = link.area or node.root.tag.lower() == "area"
    return list(found.values())


def article_links(response: TextResponse, selector: str | None, rule: str | None,
                  day: date | None, pages: set[str] = frozenset()) -> list[str]:
    """The issue's article URLs on a page list (see the module's docstring)."""
    wanted = re.compile(rule) if rule else None
    found = []
    for link in page_links(response, selector):
        url = link.url
        if not in_issue(url, response.url, day) or url in pages:
            continue
        if url == identity(response.url):
            continue
        if wanted is not None:
            if wanted.search(url):
                found.append(url)
        elif _looks_like_article(link, response.url, day):
            found.append(url)
    return found


def _looks_like_article(link: Link, page_url: str, day: date | None) -> bool:
    """A document with a number in its name, beside the page or under the issue's date,
    linked with a text (a title; an icon is a button) or from the page image's map."""
    url = link.url
    path = urlsplit(url).path
    if not (link.labels or link.area):
        return False
    if not _DOCUMENT.search(path) or not re.search(r"\d", path.rsplit("/", 1)[-1]):
        return False
    beside = dirname(path) == dirname(urlsplit(page_url).path)
    return beside or (day is not None and day in dates_in_path(url))
