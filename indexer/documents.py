"""Turn an archived article and its extraction into the flat document both indexes hold.

The index document is derived data: it can always be rebuilt from the archive. Its
facet values come from the facet registry (``indexer.search.facets``); the rest is
what a hit shows and what the index sorts and places by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indexer.dates import date_key
from indexer.models import Article
from indexer.search.facets import FACET_REGISTRY, Facet, describe_facets, facet_document_values
from indexer.search.fields import FIELDS, IndexField, describe_fields
from indexer.search.fingerprint import fingerprint, module_sources
from indexer.stories import StoryRef

# The code a stored index document, or the index terms derived from it, depends on.
DOCUMENT_CODE: tuple[str, ...] = (
    "indexer.documents", "indexer.search.facets", "indexer.search.fields",
    "indexer.search.analysis", "indexer.search.folding", "indexer.dates",
)


def document_fingerprint(
    fields: Sequence[IndexField] = FIELDS, facets: Sequence[Facet] = FACET_REGISTRY,
    code: Sequence[str] = DOCUMENT_CODE,
) -> str:
    """The version of what is indexed per article: the field table, the facets, the code."""
    return fingerprint(describe_fields(fields), describe_facets(facets), *module_sources(code))


# Changes whenever a document or its index fields would come out differently (or the
# code that makes them is edited), so every article is then reindexed.
DOCUMENT_VERSION = document_fingerprint()


def index_document(article: Article, extraction: dict[str, Any],
                   story: StoryRef | None = None) -> dict[str, Any]:
    """The document; ``story`` places it among the printings of its report (by default a
    story of its own)."""
    story = story or StoryRef(article.id)
    primary = extraction.get("primary_region")
    return {
        "id": article.id,
        "source_code": article.source,
        "url": article.url,
        "date": article.date,
        "date_key": date_key(article.date),
        "page": article.page,
        "page_name": article.page_name,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        **facet_document_values(article, extraction),
        "primary_region": primary,
        "primary_adcode": primary["adcode"] if primary else None,
        "lat": primary.get("lat") if primary else None,
        "lon": primary.get("lon") if primary else None,
        "story": story.story_id,
        "story_lead": story.lead,
    }
