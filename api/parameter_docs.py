"""The OpenAPI description of the shared URL grammar: what each parameter accepts.

The schema states what the parser (``api.search_params``) accepts, so a client (or
schemathesis) reading it knows which requests are valid. Rules across parameters (page
× size, date order, filter values in all, URL length) cannot be written in JSON
Schema; the descriptions say them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from api.limits import (
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FILTER,
)
from api.search_params import CONTROL_PARAMS, DEFAULT_SIZE
from indexer.search.facets import FACETS_BY_NAME, ValueRule
from indexer.search.query import COUNTS, FACETS, MAX_SIZE, MAX_WINDOW, SORTS

# indexer.dates.parse_date as a regular expression: four digits but 0000, a month, a
# day that exists in it (29 February in leap years only), or nothing ("not given").
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH_AND_DAY = (
    "-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?"  # any month, days 1 to 28
    "|-(0[13-9]|1[0-2])-(29|30)"  # every month but February
    "|-(0[13578]|1[02])-31"
)
# "$(?!\n)": Python's "$" (which hypothesis and so schemathesis draw from) also matches
# before a final newline, ECMAScript's does not; the lookahead makes them agree.
DATE_PATTERN = f"^({_YEAR}({_MONTH_AND_DAY})?|{_LEAP_YEAR}-02-29)?$(?!\\n)"
# Contains a character that str.strip() keeps: the text is not blank. Spelt out, since
# Python's and ECMAScript's \s differ (U+001C–U+001F, U+0085, U+FEFF).
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
NOT_BLANK_PATTERN = f"[^{_SPACES}]"

_CONTROL_DOCS: dict[str, tuple[str, dict[str, Any]]] = {
    "q": (f"Free text in the query language (docs/api.md): words segmented like the "
          f"index (jieba), every word must match; AND, OR, NOT, -word, (groups), "
          f'"phrases", field prefixes (title:, person:, org:, programme: …). A syntax '
          f"mistake is a 422 naming its character. At most {MAX_QUERY_CHARS} characters.",
          {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    "date_from": ("First date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY (a real day; no year "
                  "0000). Not after date_to.", {"type": "string", "pattern": DATE_PATTERN}),
    "date_to": ("Last date, inclusive; a partial date covers its whole month or year.",
                {"type": "string", "pattern": DATE_PATTERN}),
    "sort": ("Order of hits; relevance without q means newest first. Empty: relevance.",
             {"type": "string", "enum": ["", *SORTS], "default": "relevance"}),
    "count": ("What is counted and listed: stories (each report once, as its earliest "
              "printing; the default) or printings (every newspaper's printing of it). "
              "Empty: stories.",
              {"type": "string", "enum": ["", *COUNTS], "default": "stories"}),
    "page": (f"Page number, from 1; page × size must stay within {MAX_WINDOW} "
             "(/api/export has every hit).",
             {"type": "integer", "minimum": 1, "maximum": MAX_WINDOW, "default": 1}),
    "size": (f"Hits per page, 0 to {MAX_SIZE}.",
             {"type": "integer", "minimum": 0, "maximum": MAX_SIZE, "default": DEFAULT_SIZE}),
}


def value_pattern(rule: ValueRule) -> str:
    """A facet's value rule as a JSON Schema pattern: the whole value, or empty (ignored).
    A rule is written in the syntax Python's and ECMAScript's expressions share."""
    return f"^({rule.pattern})?$(?!\\n)"


def _facet_docs(facet: str) -> tuple[str, dict[str, Any]]:
    item: dict[str, Any] = {"type": "string", "maxLength": MAX_VALUE_CHARS}
    rule = FACETS_BY_NAME[facet].rule
    if rule is not None:
        item["pattern"] = value_pattern(rule)
    description = (f"Filter by {facet}; repeat for any of several values (OR). Different "
                   f"facets combine with AND. At most {MAX_VALUES_PER_FILTER} values, "
                   f"{MAX_FILTER_VALUES} over all filters; empty values are ignored.")
    return description, {"type": "array", "maxItems": MAX_VALUES_PER_FILTER, "items": item}


def filters_schema() -> dict[str, Any]:
    """The facet filters as one JSON object (a saved search's body): each facet's values
    as its URL parameter takes them, no other key."""
    return {"properties": {facet: _facet_docs(facet)[1] for facet in FACETS},
            "additionalProperties": False}


def text_parameter(name: str, description: str, max_chars: int = MAX_VALUE_CHARS,
                   required: bool = False) -> dict[str, Any]:
    """A free-text extra (metric, name, …); a required one must not be blank."""
    schema: dict[str, Any] = {"type": "string", "maxLength": max_chars}
    if required:
        schema.update(minLength=1, pattern=NOT_BLANK_PATTERN)
    return openapi_parameter(name, f"{description} At most {max_chars} characters.", schema,
                             required=required)


def choice_parameter(name: str, description: str, choices: Collection[str],
                     default: str | None = None) -> dict[str, Any]:
    """An extra restricted to ``choices``; empty means the default, as for ``sort``."""
    schema: dict[str, Any] = {"type": "string", "enum": ["", *choices]}
    if default is not None:
        schema["default"] = default
    return openapi_parameter(name, description, schema)


def openapi_parameter(name: str, description: str, schema: dict[str, Any],
                      required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required,
            "description": description, "schema": schema}


def search_parameters(controls: Collection[str] = CONTROL_PARAMS) -> list[dict[str, Any]]:
    """The documented search parameters: the chosen controls and every facet filter."""
    params = [openapi_parameter(name, *_CONTROL_DOCS[name]) for name in controls]
    return params + [openapi_parameter(facet, *_facet_docs(facet)) for facet in FACETS]


def openapi_extra(*extra: dict[str, Any], controls: Collection[str] = CONTROL_PARAMS
                  ) -> dict[str, Any]:
    return {"parameters": [*search_parameters(controls), *extra]}
