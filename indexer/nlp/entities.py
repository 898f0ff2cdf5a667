"""The typed entities of one report, every one carrying its mentions the same way.

A mention is a ``(start, end)`` pair of character offsets into the text read, so every
fact can be traced to its sentence. ``to_json`` gives the record the archive, the
tables and the API read; the field names there are the ones these types declare.
Programmes and figures keep the fields their extractors give them (``fields``): their
shape belongs to those extractors, and the seam only carries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

Spans = tuple[tuple[int, int], ...]


def spans_of(mentions: Any) -> Spans:
    return tuple((int(s), int(e)) for s, e in mentions)


@dataclass(frozen=True)
class Entity:
    kind: ClassVar[str]
    name: str
    mentions: Spans

    def to_json(self) -> Any:
        return {"name": self.name, "mentions": self.mentions_json()}

    def mentions_json(self) -> list[list[int]]:
        return [list(span) for span in self.mentions]


@dataclass(frozen=True)
class Region(Entity):
    """A province, city or county (GB/T 2260), with its place in the hierarchy."""

    kind: ClassVar[str] = "region"
    place: Mapping[str, Any] = field(default_factory=dict)  # adcode, level, province, city …

    @property
    def adcode(self) -> str:
        return str(self.place["adcode"])

    def to_json(self) -> dict[str, Any]:
        return {**self.place, "name": self.name, "mentions": self.mentions_json()}


@dataclass(frozen=True)
class Locality(Entity):
    """A town, street, community or village, under its county."""

    kind: ClassVar[str] = "locality"
    unit: str = "town"
    county: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.unit, "county": self.county,
                "mentions": self.mentions_json()}


@dataclass(frozen=True)
class Org(Entity):
    """An organisation: a union body, an employer, a platform or a government body."""

    kind: ClassVar[str] = "org"
    org_kind: str = "union"
    region: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.org_kind, "region": self.region,
                "mentions": self.mentions_json()}


@dataclass(frozen=True)
class Person(Entity):
    kind: ClassVar[str] = "person"
    role: str = "other"
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "title": self.title,
                "mentions": self.mentions_json()}


@dataclass(frozen=True)
class Theme(Entity):
    """A theme of the taxonomy; the record is its name alone."""

    kind: ClassVar[str] = "theme"

    def to_json(self) -> str:
        return self.name


@dataclass(frozen=True)
class Carried(Entity):
    """An entity whose record is its extractor's own (programmes, figures)."""

    kind: ClassVar[str] = "carried"
    fields: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.fields)


@dataclass(frozen=True)
class Programme(Carried):
    kind: ClassVar[str] = "programme"


@dataclass(frozen=True)
class Figure(Carried):
    """A quantity: its one mention is where its number and unit are written."""

    kind: ClassVar[str] = "figure"


@dataclass(frozen=True)
class Facility(Carried):
    """A kind of facility (工会驿站), with the figure that counts it where one does."""

    kind: ClassVar[str] = "facility"


def region(record: Mapping[str, Any]) -> Region:
    place = {k: v for k, v in record.items() if k not in ("name", "mentions")}
    return Region(record["name"], spans_of(record["mentions"]), place)


def locality(record: Mapping[str, Any]) -> Locality:
    return Locality(record["name"], spans_of(record["mentions"]), record["kind"],
                    record["county"])


def org(record: Mapping[str, Any]) -> Org:
    return Org(record["name"], spans_of(record["mentions"]), record["kind"], record["region"])


def person(record: Mapping[str, Any]) -> Person:
    return Person(record["name"], spans_of(record["mentions"]), record["role"], record["title"])


def programme(record: Mapping[str, Any]) -> Programme:
    return Programme(record["name"], spans_of(record.get("mentions", ())), record)


def figure(record: Mapping[str, Any]) -> Figure:
    spans = ((record["start"], record["end"]),) if "start" in record else ()
    return Figure(str(record.get("metric") or ""), spans, record)


def facility(record: Mapping[str, Any]) -> Facility:
    return Facility(record["name"], spans_of(record.get("mentions", ())), record)
