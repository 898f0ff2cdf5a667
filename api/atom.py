"""A saved search's newest articles as an Atom feed (RFC 4287), built with ElementTree.

Links are relative (to the feed's own URL): the site never builds an address from the
Host header a client sends. Ids are URNs, stable across runs: an entry is an article.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def atom_time(date: str | None, fallback: str) -> str:
    """An RFC 3339 timestamp for a date that may be partial (2025, 2025-03)."""
    if not date:
        return _utc(fallback)
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _utc(stamp: str) -> str:
    # Archive stamps are ISO 8601 in UTC (2026-12-02T00:51:07+00:00).
    return stamp.replace("+00:00", "Z") if stamp else "1970-01-01T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def saved_search_feed(saved: Mapping[str, Any], hits: list[Mapping[str, Any]],
                      page_url: str, feed_url: str) -> bytes:
    """The feed document: the saved search's metadata, one entry per hit, newest first."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"urn:unionkb:saved-search:{saved['id']}")
    _add(feed, "title", f"{saved['name']} · 工会知识库")
    entries = [(atom_time(h.get("date"), saved["updated_at"]), h) for h in hits]
    newest = max([_utc(saved["updated_at"]), *(t for t, _ in entries)])
    _add(feed, "updated", newest)
    _add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=page_url, type="text/html")
    author = _add(feed, "author")
    _add(author, "name", "unionkb")
    _add(feed, "generator", "unionkb")
    for updated, hit in entries:
        _entry(feed, hit, updated)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, hit: Mapping[str, Any], updated: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", f"urn:unionkb:article:{hit['id']}")
    _add(entry, "title", hit.get("title") or hit["id"])
    _add(entry, "updated", updated)
    href = f"/articles/{quote(hit['id'], safe='')}"
    _add(entry, "link", rel="alternate", href=href, type="text/html")
    if hit.get("source"):
        source = _add(entry, "author")
        _add(source, "name", hit["source"])
    # The snippet is HTML (matches in <mark>, the rest escaped): Atom's type="html".
    _add(entry, "summary", hit.get("snippet") or "", type="html")
