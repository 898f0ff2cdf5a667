"""The extraction pipeline: one report's text in, its entities out, as JSON-ready dicts.

``extract(text)`` runs the default pipeline (``indexer.nlp.extractor``): the LAC model
proposes people, places and organisations once per sentence, then the extractors —
regions, organisations, localities, people, programmes, figures, themes — turn the
text and the proposals into typed entities, each keeping character offsets into the
text it came from.

``UNIONKB_NLP_MODEL`` chooses the proposer: ``lac`` (the default) or ``none``, the
fast mode of the rules alone. A model that is configured but cannot load is an error
(``ModelUnavailable``), never a silent fall back to the rules.

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

from indexer.nlp import entities
from indexer.nlp.entities import Entity
from indexer.nlp.extractor import Document, Pipeline, Proposer
from indexer.nlp.facilities import extract_facilities
from indexer.nlp.figures import extract_figures
from indexer.nlp.gazetteer import RegionGazetteer, gazetteer
from indexer.nlp.localities import extract_localities
from indexer.nlp.orgs import extract_orgs
from indexer.nlp.people import extract_people
from indexer.nlp.programmes import extract_programmes
from indexer.nlp.proposers.lac import NO_PROPOSALS, LacProposer, ModelUnavailable, shared_model
from indexer.nlp.regions import extract_regions
from indexer.nlp.themes import extract_themes
from indexer.nlp.words import JiebaWords, TokenWords, Words, model_name

# The longest reports run to a few tens of thousands of characters.
MAX_TEXT = 100_000
OUTPUT = ("regions", "localities", "orgs", "programmes", "figures", "people", "themes",
          "facilities")

__all__ = ["MAX_TEXT", "ModelUnavailable", "extract", "model_name", "reading_limit"]


def extract(text: str) -> dict[str, Any]:
    """Regions (with the primary one), localities, organisations, programmes, figures,
    people and themes of one report. Offsets are character offsets into ``text``."""
    read = reading_limit(text)
    result = default_pipeline(model_name()).run(text[:read])
    if _hanlp_enabled():
        from indexer.nlp.hanlp_adapter import augment

        result = augment(text[:read], result)
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


@cache
def default_pipeline(model: str = "lac") -> Pipeline:
    """Built once per process and model: the model session and the gazetteer load here."""
    proposers: list[Proposer] = [LacProposer(shared_model())] if model == "lac" else []
    return build_pipeline(gazetteer(), proposers)


def build_pipeline(gaz: RegionGazetteer, proposers: list[Proposer]) -> Pipeline:
    extractors = [RegionExtractor(gaz), OrgExtractor(gaz), LocalityExtractor(),
                  PersonExtractor(gaz), ProgrammeExtractor(), FigureExtractor(),
                  ThemeExtractor(), FacilityExtractor()]
    return Pipeline(extractors, proposers, OUTPUT)


# -- the extractors: each wraps one rule module -----------------------------------------


class RegionExtractor:
    key = "regions"

    def __init__(self, gaz: RegionGazetteer) -> None:
        self.gaz = gaz

    def extract(self, doc: Document) -> list[Entity]:
        doc.regions = extract_regions(doc.text, self.gaz, doc.proposals)
        return [entities.region(r) for r in doc.regions.regions]


class OrgExtractor:
    key = "orgs"

    def __init__(self, gaz: RegionGazetteer) -> None:
        self.gaz = gaz

    def extract(self, doc: Document) -> list[Entity]:
        assert doc.regions is not None, "organisations are placed by the regions found first"
        return [entities.org(o) for o in extract_orgs(doc.text, doc.regions, self.gaz,
                                                                 doc.proposals)]


class LocalityExtractor:
    key = "localities"

    def extract(self, doc: Document) -> list[Entity]:
        assert doc.regions is not None
        return [entities.locality(r) for r in extract_localities(doc.text, doc.regions)]


class PersonExtractor:
    """People where places and organisations are not (主席董卫东 is no 卫东区)."""

    key = "people"

    def __init__(self, gaz: RegionGazetteer) -> None:
        self.gaz = gaz

    def extract(self, doc: Document) -> list[Entity]:
        assert doc.regions is not None
        taken = [(m.start, m.end) for m in doc.regions.mentions]
        taken += [span for org in doc.found.get("orgs", []) for span in org.mentions]
        found = extract_people(doc.text, taken, doc.proposals, self.gaz)
        return [entities.person(p) for p in found]


class ProgrammeExtractor:
    key = "programmes"

    def extract(self, doc: Document) -> list[Entity]:
        people = [p.name for p in doc.found.get("people", [])]
        return [entities.programme(p) for p in extract_programmes(doc.text, people,
                                                                     words_read(doc))]


class FigureExtractor:
    key = "figures"

    def extract(self, doc: Document) -> list[Entity]:
        return [entities.figure(f) for f in extract_figures(doc.text, doc.regions,
                                                               words_read(doc))]


class ThemeExtractor:
    key = "themes"

    def extract(self, doc: Document) -> list[Entity]:
        return [entities.Theme(name, ()) for name in extract_themes(doc.text)]


class FacilityExtractor:
    """Kinds of facility (工会驿站, 职工书屋), each with the figure that counts it."""

    key = "facilities"

    def extract(self, doc: Document) -> list[Entity]:
        figures = [f.to_json() for f in doc.found.get("figures", [])]
        return [entities.facility(f) for f in extract_facilities(doc.text, doc.regions, figures,
                                                                      words_read(doc))]


def words_read(doc: Document) -> Words:
    """The words of the text, read once for every extractor that asks: the model's
    tokens where a proposer ran, else jieba's tagger (the fast mode loads no model)."""
    if doc.words is None:
        doc.words = JiebaWords(doc.text) if doc.proposals is NO_PROPOSALS \
            else TokenWords(doc.proposals.tokens)
    return doc.words


@cache
def _hanlp_enabled() -> bool:
    """HanLP adds candidates only when installed and given a model (see hanlp_adapter)."""
    from indexer.nlp.hanlp_adapter import availability

    return availability()[0]
