"""Turn an archived article and its extraction into the flat document both indexes hold.

The index document is derived data: it can always be rebuilt from the archive.
"""

from __future__ import annotations

from typing import Any

from indexer.dates import date_key
from indexer.models import Article

# Bump when the document shape changes: every article is then reindexed.
DOCUMENT_VERSION = "1"


def _unique(values: list[str | None]) -> list[str]:
    return sorted({v for v in values if v})


def index_document(article: Article, extraction: dict[str, Any]) -> dict[str, Any]:
    regions = extraction.get("regions", [])
    primary = extraction.get("primary_region")
    people = [p["name"] for p in extraction.get("people", [])]
    people += article.reporters + article.correspondents + article.photographers
    return {
        "id": article.id,
        "source": article.source_name,
        "source_code": article.source,
        "url": article.url,
        "date": article.date,
        "date_key": date_key(article.date),
        "year": article.year,
        "page": article.page,
        "page_name": article.page_name,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        "province": _unique([r.get("province") for r in regions]),
        "city": _unique([r.get("city") for r in regions]),
        "county": _unique([r.get("county") for r in regions]),
        "org": _unique([o["name"] for o in extraction.get("orgs", []) if o.get("kind") == "union"]),
        "programme": _unique([p["name"] for p in extraction.get("programmes", [])]),
        "theme": _unique(list(extraction.get("themes", []))),
        "people": _unique(people),
        "primary_region": primary,
        "primary_adcode": primary["adcode"] if primary else None,
        "lat": primary.get("lat") if primary else None,
        "lon": primary.get("lon") if primary else None,
    }
