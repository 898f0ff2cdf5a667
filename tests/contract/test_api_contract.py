"""The OpenAPI document is the API's contract: schemathesis holds the server to it.

Schemathesis reads /openapi.json from the API served by uvicorn on a real port (over
the analytics corpus) and sends every operation requests drawn from its schema: valid
ones, which must be answered 2xx (or 404 for a name or id that exists nowhere), and
invalid ones, which must be refused with a 4xx. Every answer must have a documented
status, content type and body shape, and none may be a 5xx.

The run is bounded: ``EXAMPLES_PER_OPERATION`` drawn requests per operation (about half
a minute on two cores). The coverage phase, which sends every boundary case the schema
defines (about 2,300 requests, two minutes), and the stateful one are left to a deeper
run: ``UNIONKB_CONTRACT_PHASES=examples,coverage,fuzzing,stateful``.

JSON Schema cannot state rules across parameters (page × size, date order, filter
values in all, URL length), nor the grammar of ``q`` (the query language); the
schema's descriptions say them, tests/integration/test_api_limits.py
checks them, and ``keep_cross_parameter_rules`` keeps the valid requests within them.

pytest 9 broke ``schemathesis.pytest.from_fixture`` (it reads ``Function._nodeid``), so
the test runs schemathesis' engine, as its command line does, and reads its events.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from api.limits import MAX_FILTER_VALUES, MAX_URL_BYTES
from api.search_params import DEFAULT_SIZE
from indexer.config import Settings
from indexer.dates import InvalidDate, parse_date
from indexer.search.query import FACETS, MAX_WINDOW
from indexer.search.query_language import OPERATORS
from indexer.search.validation import syntax_problems
from tests.conftest import ARTIFACTS, LiveServer

EXAMPLES_PER_OPERATION = 30
TOKEN = "contract-admin-token"  # the writes are held to the contract too
PHASES = os.environ.get("UNIONKB_CONTRACT_PHASES", "examples,fuzzing").split(",")
CONFIG = {
    "headers": {"Authorization": f"Bearer {TOKEN}"},
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION},
    "phases": {name: {"enabled": name in PHASES}
               for name in ("examples", "coverage", "fuzzing", "stateful")},
    "checks": {
        # A refusal: 400 malformed, 404 an unknown name, 414 a URL too long, 422 bad values.
        "negative_data_rejection": {"expected-statuses": [400, 404, 414, 422]},
        # A well-formed request for a programme or article nobody wrote about is a 404.
        "positive_data_acceptance": {"expected-statuses": ["2xx", 404]},
    },
}


# -- the rules JSON Schema cannot state ------------------------------------------------


def keep_cross_parameter_rules(context: Any, case: Any) -> Any:
    """A valid request moved within the rules across parameters; an invalid one as drawn
    (repairing it could make it valid, and then its acceptance would look like a bug)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    if isinstance(case.body, dict):  # a saved search: its dates and filters, the same rules
        _keep_date_order(case.body)
        if isinstance(case.body.get("filters"), dict):
            _keep_filter_count(case.body["filters"])
        if isinstance(case.body.get("query"), str):  # its words, as the query language reads
            case.body["query"] = _plain_words(case.body["query"])
    comparison = case.operation.path == "/api/compare"
    if comparison:
        case.query = case.query or {}  # a comparison without columns is refused
    if case.query:
        _keep_window(case.query)
        _keep_date_order(case.query)
        _keep_filter_count(case.query)
        _keep_query_syntax(case.query)
    if comparison:
        _keep_query_names(case.query)
        _keep_two_columns(case.query)
    return case


def _keep_query_syntax(query: dict[str, Any]) -> None:
    """A drawn ``q`` that breaks the query language's grammar, as plain words instead."""
    text = query.get("q")
    if isinstance(text, str):
        query["q"] = _plain_words(text)


def _plain_words(text: str) -> str:
    """``text`` if the query language reads it, else its words without the operators."""
    if not syntax_problems(text):
        return text
    words = [w for w in re.sub(r"[-()\"“:：]", " ", text).split() if w not in OPERATORS]
    return " ".join(words)


def _keep_window(query: dict[str, Any]) -> None:
    page, size = _number(query.get("page", 1)), _number(query.get("size", DEFAULT_SIZE))
    if page is not None and size is not None and size >= 1 and page * size > MAX_WINDOW:
        query["page"] = max(1, MAX_WINDOW // size)


def _number(value: Any) -> int | None:
    # The coverage phase sends boundary numbers as strings ("9999").
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _keep_date_order(query: dict[str, Any]) -> None:
    first, last = query.get("date_from"), query.get("date_to")
    try:
        if first and last and parse_date(first).first_day > parse_date(last).last_day:
            query["date_from"], query["date_to"] = last, first
    except (InvalidDate, TypeError):
        pass


def _keep_filter_count(query: dict[str, Any]) -> None:
    for facet in [name for name in query if name in FACETS]:
        if _filter_values(query) <= MAX_FILTER_VALUES:
            return
        del query[facet]


def _keep_query_names(query: dict[str, Any]) -> None:
    """/api/compare's named queries, each name once (NAME:WORDS, or WORDS its own name)."""
    from api.search_params import ParamError
    from api.views import compared_queries

    values = query.get("query")
    if not isinstance(values, list):
        return
    kept, names = [], set()
    for value in values:
        try:
            named = compared_queries([("query", value)])
        except ParamError:
            kept.append(value)  # as drawn: the schema says it is valid, the server must agree
            continue
        if not named:
            kept.append(value)
        elif named[0][0] not in names and (words := _plain_words(named[0][1])):
            # Each compared query is read by the query language, as q is.
            kept.append(f"{named[0][0]}:{words}")
            names.add(named[0][0])
    query["query"] = kept


def _keep_two_columns(query: dict[str, Any]) -> None:
    """A comparison has columns: named queries, or else two provinces or more."""
    if any(str(v).strip() for v in _as_list(query.get("query"))):
        return
    provinces = _as_list(query.get("province"))
    query["province"] = list(dict.fromkeys([*provinces, "甘肃省", "青海省"]))[
        :max(2, len(provinces))]


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _filter_values(query: dict[str, Any]) -> int:
    return sum(len(v) if isinstance(v, list) else 1 for k, v in query.items() if k in FACETS)


def short_enough(context: Any, case: Any) -> bool:
    """A valid request whose URL is over the limit is refused (414): not drawn as valid."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return True
    url = quote(case.formatted_path) + "?" + urlencode(case.query or {}, doseq=True)
    return len(url.encode()) <= MAX_URL_BYTES


# -- the run ---------------------------------------------------------------------------


@dataclass
class ContractRun:
    operations: set[str] = field(default_factory=set)
    cases: Counter[str] = field(default_factory=Counter)  # by phase
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def read(self, event: events.EngineEvent) -> None:
        if isinstance(event, events.ScenarioFinished):
            self._read_scenario(event.phase.value, event.recorder)
        elif isinstance(event, events.NonFatalError):
            self.errors.append(f"{event.label}: {event.value}")
        elif isinstance(event, events.FatalError):
            self.errors.append(f"fatal: {event.exception}")

    def _read_scenario(self, phase: str, recorder: Any) -> None:
        self.operations.add(recorder.label)
        self.cases[phase] += len(recorder.cases)
        self.statuses.update(i.response.status_code for i in recorder.interactions.values()
                             if i.response is not None)
        for checks in recorder.checks.values():
            self.failures += [f"{recorder.label} {c.name}: {c.failure_info.failure.title}\n"
                              f"{c.failure_info.failure.message}\n{c.failure_info.code_sample}"
                              for c in checks if c.failure_info is not None]

    def summary(self) -> str:
        operations = [label for label in self.operations if label.startswith("GET ")]
        return (f"{len(operations)} operations, {sum(self.cases.values())} requests "
                f"({dict(self.cases)}), statuses {dict(sorted(self.statuses.items()))}, "
                f"{len(self.failures)} failures")


def run_contract(base_url: str) -> ContractRun:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json",
                                           config=SchemathesisConfig.from_dict(CONFIG))
    schema.hook("map_case")(keep_cross_parameter_rules)
    schema.hook("filter_case")(short_enough)
    run = ContractRun()
    for event in from_schema(schema).execute():
        run.read(event)
    return run


@pytest.fixture(scope="module")
def contract_server(corpus_home: Settings) -> Iterator[str]:
    """The corpus server, started with an admin token: schemathesis sends it."""
    with LiveServer(replace(corpus_home, admin_token=TOKEN)) as server:
        yield server.url


def test_every_answer_keeps_the_contract(contract_server: str) -> None:
    corpus_server = contract_server
    run = run_contract(corpus_server)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "api-contract.txt").write_text(
        run.summary() + "\n\n" + "\n\n".join(run.failures), "utf-8")
    documented = {f"{method.upper()} {path}"
                  for path, methods in httpx.get(f"{corpus_server}/openapi.json").json()[
                      "paths"].items() for method in methods}
    assert documented <= run.operations  # (a stateful run adds its own label)
    assert run.errors == []
    assert not [s for s in run.statuses if s >= 500], run.summary()
    assert run.failures == [], run.summary() + "\n\n" + "\n\n".join(run.failures[:5])
    assert run.statuses[200] > 0 and run.statuses[422] > 0  # both kinds were really sent
