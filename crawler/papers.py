"""The newspapers we know how to collect, read from ``papers.toml``.

Adding a paper is adding an entry there (or to a file named in ``UNIONKB_PAPERS``,
``:``-separated, whose entries win over the bundled ones).
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from indexer.sources import known_source_name


class UnknownPaper(LookupError):
    """A paper code or name that is not configured."""


class BadPaperConfig(ValueError):
    """A papers.toml entry that cannot be used; the message names the entry and the field."""


@dataclass(frozen=True)
class Paper:
    code: str
    name: str
    template: str
    home: str
    issue_url: str
    first_issue: str | None = None
    calendar: str | None = None
    delay: float | None = None
    verified: bool = False
    note: str = ""
    options: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def where_issues_are(self) -> str:
        """What decides where an issue is looked for: an absence found with another
        configuration (a wrong first node, an old URL scheme) proves nothing now."""
        where = [self.template, self.home, self.issue_url, self.calendar or "",
                 json.dumps(self.options, sort_keys=True, ensure_ascii=False)]
        return hashlib.sha1("\n".join(where).encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "papers.toml") -> Paper:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        missing = {"code", "name", "template", "home", "issue_url"} - set(data)
        label = data.get("code", "?")
        if unknown or missing:
            raise BadPaperConfig(
                f"{origin}: paper {label!r}: "
                + (f"unknown field(s) {sorted(unknown)} " if unknown else "")
                + (f"missing field(s) {sorted(missing)}" if missing else "")
            )
        if data["template"] not in templates():
            raise BadPaperConfig(
                f"{origin}: paper {label!r}: template {data['template']!r} is not one of "
                f"{', '.join(templates())}"
            )
        first = data.get("first_issue")
        if isinstance(first, date):
            data = {**data, "first_issue": first.isoformat()}
        return cls(**data)


def _read(text: str, origin: str) -> list[Paper]:
    try:
        entries = tomllib.loads(text).get("paper", [])
    except tomllib.TOMLDecodeError as exc:
        raise BadPaperConfig(f"{origin}: {exc}") from exc
    return [Paper.from_dict(entry, origin) for entry in entries]


def load_papers(extra: str | None = None) -> dict[str, Paper]:
    bundled = resources.files("crawler").joinpath("papers.toml").read_text("utf-8")
    papers = {p.code: p for p in _read(bundled, "crawler/papers.toml")}
    extra = os.environ.get("UNIONKB_PAPERS", "") if extra is None else extra
    for name in filter(None, extra.split(os.pathsep)):
        path = Path(name).expanduser()
        papers.update({p.code: p for p in _read(path.read_text("utf-8"), str(path))})
    return papers


def find_paper(key: str, papers: dict[str, Paper] | None = None) -> Paper:
    papers = load_papers() if papers is None else papers
    if key in papers:
        return papers[key]
    for paper in papers.values():
        if paper.name == key:
            return paper
    raise UnknownPaper(
        f"no configured paper {key!r}; known: {', '.join(sorted(papers))} "
        f"(or name a template: {', '.join(templates())})"
    )


def adhoc_paper(
    template: str, home: str, issue_url: str, source: str, calendar: str | None = None
) -> Paper:
    """A paper given on the command line: any site on a known template, named as its code
    is known (or by the code itself)."""
    if template not in templates():
        raise BadPaperConfig(f"template {template!r} is not one of {', '.join(templates())}")
    return Paper(code=source, name=known_source_name(source), template=template, home=home,
                 issue_url=issue_url, calendar=calendar)


def templates() -> tuple[str, ...]:
    """The templates there is a spider for (loads the spiders, and Scrapy with them)."""
    from crawler.spiders import spiders

    return tuple(spiders())
