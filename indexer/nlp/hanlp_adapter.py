"""Optional HanLP candidates for people, places and organisations, checked by our rules.

Used only when ``hanlp`` is importable *and* a model is configured in the environment
(``UNIONKB_HANLP_MODEL``, a name or path that ``hanlp.load`` accepts); the default
pipeline never needs it. HanLP's statistical tagger finds names our context rules may
miss, but it also calls 满意度 a place, so each candidate must pass the same checks the
rule-based extractors apply:

* a person must be a Han name (known surname, one- or two-character given name) that is
  no dictionary word, title form (张师傅) or place name;
* a place must be a full or short name in the gazetteer, and not the start of a
  community, road, company or station (文昌社区 stays a community);
* an organisation is kept only when it is a union body (its name ends in 工会/总工会).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from indexer.nlp.gazetteer import gazetteer
from indexer.nlp.people import name_at
from indexer.nlp.regions import Mention, plausible

MODEL_ENV = "UNIONKB_HANLP_MODEL"
PERSON_TYPES = {"PERSON", "NR", "PER"}
PLACE_TYPES = {"LOCATION", "NS", "GPE", "LOC"}
ORG_TYPES = {"ORGANIZATION", "NT", "ORG"}

Candidate = tuple[str, str]  # (surface, type)


def availability() -> tuple[bool, str]:
    """Whether the adapter can run, and why not."""
    if not os.environ.get(MODEL_ENV):
        return False, f"no HanLP model configured (set {MODEL_ENV})"
    try:
        import hanlp  # noqa: F401
    except ImportError:
        return False, "hanlp is not installed (pip install 'unionkb[hanlp]')"
    return True, "ok"


@cache
def _recogniser() -> Callable[[str], Iterable[Candidate]]:
    import hanlp

    model = hanlp.load(os.environ[MODEL_ENV])

    def recognise(text: str) -> Iterable[Candidate]:
        result = model(text, tasks="ner") if _takes_tasks(model) else model(text)
        yield from _entities(result)

    return recognise


def _takes_tasks(model: Any) -> bool:
    return hasattr(model, "tasks")


def _entities(result: Any) -> Iterable[Candidate]:
    """(surface, type) pairs from a HanLP document or a plain list of tuples."""
    if isinstance(result, dict):
        for key, value in result.items():
            if key.startswith("ner"):
                yield from _entities(value)
        return
    for item in result or []:
        if isinstance(item, list | tuple) and len(item) >= 2 and isinstance(item[0], str):
            yield item[0], str(item[1]).upper()
        elif isinstance(item, list | tuple):
            yield from _entities(item)


def augment(text: str, extraction: dict[str, Any],
            candidates: Iterable[Candidate] | None = None) -> dict[str, Any]:
    """Add the candidates (HanLP's, unless given) that pass our checks to an extraction."""
    found = list(candidates if candidates is not None else _recogniser()(text))
    people = list(extraction["people"])
    known_people = {p["name"] for p in people}
    regions = list(extraction["regions"])
    known_regions = {r["adcode"] for r in regions}
    orgs = list(extraction["orgs"])
    known_orgs = {o["name"] for o in orgs}
    for surface, kind in found:
        spans = _spans(text, surface)
        if not spans:
            continue
        if kind in PERSON_TYPES and surface not in known_people and _is_person(text, spans[0]):
            people.append({"name": surface, "role": "other", "title": None, "mentions": spans})
            known_people.add(surface)
        elif kind in PLACE_TYPES:
            region = _as_region(text, surface, spans)
            if region and region["adcode"] not in known_regions:
                regions.append(region)
                known_regions.add(region["adcode"])
        elif kind in ORG_TYPES and surface.endswith("工会") and surface not in known_orgs:
            orgs.append({"name": surface, "kind": "union", "region": None, "mentions": spans})
            known_orgs.add(surface)
    return {**extraction, "people": people, "regions": regions, "orgs": orgs}


def _spans(text: str, surface: str) -> list[list[int]]:
    spans, pos = [], 0
    while surface and (pos := text.find(surface, pos)) >= 0:
        spans.append([pos, pos + len(surface)])
        pos += len(surface)
    return spans


def _is_person(text: str, span: list[int]) -> bool:
    return name_at(text, span[0], strict=False, weak=False) == text[span[0]:span[1]]


def _as_region(text: str, surface: str, spans: list[list[int]]) -> dict[str, Any] | None:
    gaz = gazetteer()
    full = gaz.by_name(surface)
    matches = full or gaz.by_short(surface)
    if len(matches) != 1:
        return None  # shared names are left to the rules, which read the context
    code = matches[0]["adcode"]
    kept = [s for s in spans
            if plausible(text, Mention(s[0], s[1], surface, [code], short=not full), gaz)]
    if not kept:
        return None
    return {**gaz.get(code), "mentions": kept}
