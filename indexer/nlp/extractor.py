"""The extractor seam: proposers suggest, extractors decide, a pipeline composes them.

A *proposer* is a learned model run once over the sentences of a text; what it gives
(``Proposals``: tokens with offsets and PER/LOC/ORG/TIME tags) is evidence, never an
answer. An *extractor* turns the text, the proposals and what earlier extractors found
into typed entities (``indexer.nlp.entities``); the rules in it validate, complete and
type the model's candidates and drop those that neither the model nor strong context
supports. Resources (the gazetteer, the lexicons) are handed to the extractors that
need them when the pipeline is built, not imported by one extractor from another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from indexer.nlp.entities import Entity
from indexer.nlp.proposers.lac import NO_PROPOSALS, Proposals, Token
from indexer.nlp.regions import RegionResult
from indexer.nlp.text import Span, sentences
from indexer.nlp.words import Words


@dataclass
class Document:
    """One text on its way through the pipeline: what was proposed and found so far."""

    text: str
    proposals: Proposals = NO_PROPOSALS
    found: dict[str, list[Entity]] = field(default_factory=dict)
    # The region extractor's full result: organisations, localities and figures place
    # themselves by its mentions, which the region records alone do not carry.
    regions: RegionResult | None = None
    # Its words and parts of speech, read once (``indexer.nlp.words``) when first asked.
    words: Words | None = None

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)


class Proposer(Protocol):
    name: str

    def propose(self, text: str, sentences: list[Span]) -> Proposals: ...


class Extractor(Protocol):
    key: str  # the key of its records in the pipeline's output

    def extract(self, doc: Document) -> list[Entity]: ...


class Pipeline:
    """Proposers, then extractors in order; the output is the JSON-ready dict, its keys
    in ``output`` order (an extractor may run before one it is listed after)."""

    def __init__(self, extractors: Sequence[Extractor], proposers: Sequence[Proposer] = (),
                 output: Sequence[str] = ()) -> None:
        self.extractors = list(extractors)
        self.proposers = list(proposers)
        self.output = list(output) or [e.key for e in self.extractors]

    def run(self, text: str) -> dict[str, Any]:
        doc = Document(text)
        if self.proposers:
            tokens: list[Token] = []
            for proposer in self.proposers:
                tokens += proposer.propose(text, doc.sentences).tokens
            # One proposer's tokens are in text order; several proposers' are merged so.
            doc.proposals = Proposals(tokens if len(self.proposers) == 1
                                      else sorted(tokens, key=lambda t: (t.start, t.end)))
        for extractor in self.extractors:
            doc.found[extractor.key] = extractor.extract(doc)
        result: dict[str, Any] = {"primary_region": doc.regions.primary if doc.regions else None}
        for key in self.output:
            result[key] = [entity.to_json() for entity in doc.found.get(key, [])]
        return result
