"""The extraction pipeline: one report's text in, its entities out, as JSON-ready dicts.

Every extractor is a pure function of the text (and of what earlier ones found:
organisations and figures need the places, programmes need the people), and every
entity keeps character offsets into the text it came from.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from indexer.nlp.figures import extract_figures
from indexer.nlp.localities import extract_localities
from indexer.nlp.orgs import extract_orgs
from indexer.nlp.people import extract_people
from indexer.nlp.programmes import extract_programmes
from indexer.nlp.regions import extract_regions
from indexer.nlp.themes import extract_themes


def extract(text: str) -> dict[str, Any]:
    """Regions (with the primary one), localities, organisations, programmes, figures,
    people and themes of one report. Offsets are character offsets into ``text``."""
    regions = extract_regions(text)
    orgs = extract_orgs(text, regions)
    taken = [(m.start, m.end) for m in regions.mentions]
    taken += [tuple(span) for org in orgs for span in org["mentions"]]  # type: ignore[misc]
    people = extract_people(text, taken)
    result = {
        "primary_region": regions.primary,
        "regions": regions.regions,
        "localities": extract_localities(text, regions),
        "orgs": orgs,
        "programmes": extract_programmes(text, [p["name"] for p in people]),
        "figures": extract_figures(text, regions),
        "people": people,
        "themes": extract_themes(text),
    }
    if _hanlp_enabled():
        from indexer.nlp.hanlp_adapter import augment

        result = augment(text, result)
    return result


@cache
def _hanlp_enabled() -> bool:
    """HanLP adds candidates only when installed and given a model (see hanlp_adapter)."""
    from indexer.nlp.hanlp_adapter import availability

    return availability()[0]
