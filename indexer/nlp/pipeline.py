"""The extraction pipeline: one report's text in, its entities out, as JSON-ready dicts.

Every extractor is a pure function of the text (and of what earlier ones found:
organisations and figures need the places, programmes need the people), and every
entity keeps character offsets into the text it came from.

Every extractor is linear in the length of the text, and the text read is bounded:
of a text longer than any report (MAX_TEXT characters), the first MAX_TEXT are read,
cut at a line break where there is one, and the result says so under ``limits``::

    {"text_chars": 5000000, "read_chars": 99987}

so that no input, however long, costs more than a bounded time and memory. A text
within the bound has no ``limits``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from indexer.nlp.facilities import extract_facilities
from indexer.nlp.figures import extract_figures
from indexer.nlp.localities import extract_localities
from indexer.nlp.orgs import extract_orgs
from indexer.nlp.people import extract_people
from indexer.nlp.programmes import extract_programmes
from indexer.nlp.regions import extract_regions
from indexer.nlp.themes import extract_themes

# The longest reports run to a few tens of thousands of characters.
MAX_TEXT = 100_000


def extract(text: str) -> dict[str, Any]:
    """Regions (with the primary one), localities, organisations, programmes, figures,
    people and themes of one report. Offsets are character offsets into ``text``."""
    read = reading_limit(text)
    result = _extract(text[:read])
    if read < len(text):
        result["limits"] = {"text_chars": len(text), "read_chars": read}
    return result


def reading_limit(text: str) -> int:
    """How much of the text is read: all of it, or up to the last line break in the
    second half of the first MAX_TEXT characters (else exactly MAX_TEXT)."""
    if len(text) <= MAX_TEXT:
        return len(text)
    line_break = text.rfind("\n", MAX_TEXT // 2, MAX_TEXT)
    return line_break if line_break > 0 else MAX_TEXT


def _extract(text: str) -> dict[str, Any]:
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
    result["facilities"] = extract_facilities(text, regions, result["figures"])
    if _hanlp_enabled():
        from indexer.nlp.hanlp_adapter import augment

        result = augment(text, result)
    return result


@cache
def _hanlp_enabled() -> bool:
    """HanLP adds candidates only when installed and given a model (see hanlp_adapter)."""
    from indexer.nlp.hanlp_adapter import availability

    return availability()[0]
