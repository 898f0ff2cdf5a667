"""The server counts the first screen of each new index state before anybody asks: after
an ingest by another process, the counts a visitor's first search needs are already kept,
and they are the counts a fresh server would count."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from api.search_params import parse_search_query
from api.services import Services, open_services, programmes
from api.services.health import readiness
from api.services.warming import Warmer, first_models, first_screens
from indexer.config import Settings
from indexer.search.query import SearchQuery
from indexer.search.tantivy_facets import search_key
from tests.conftest import LiveServer, corpus_articles, ingest

WAIT_SECONDS = 60.0  # a generous bound on a busy machine; the test never measures time


def kept(services: Services) -> list[bool]:
    """Whether each first screen's counts are kept for the index's current state."""
    counter = services.backend.facet_counter
    state = services.backend.state()
    return [counter.searches.get((state, search_key(query))) is not None
            for query in first_screens()]


def ready(url: str) -> dict[str, bool]:
    return httpx.get(f"{url}/healthz", timeout=30).json()["ready"]


def eventually(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def half_ingested(tmp_path: Path) -> tuple[Settings, list]:
    articles = corpus_articles()
    settings = Settings(home=tmp_path, warm_seconds=0)
    ingest(settings, articles[: len(articles) // 2])
    return settings, articles[len(articles) // 2:]


def test_a_warm_up_keeps_the_first_screens_counts_and_runs_again_only_on_a_change(
        half_ingested) -> None:
    settings, rest = half_ingested
    services = open_services(settings)
    try:
        warmer = Warmer(services)
        assert readiness(services)["warmed"]  # no warmer running: nothing to wait for
        services.warming = True  # as Warmer.start says
        assert kept(services) == [False, False] and not readiness(services)["warmed"]
        assert warmer.warm_once() and kept(services) == [True, True]
        assert readiness(services)["warmed"]
        assert not warmer.warm_once() and warmer.rounds == 1  # nothing changed
        ingest(settings, rest)  # another connection commits to the index
        assert kept(services) == [False, False] and not readiness(services)["warmed"]
        assert warmer.warm_once() and kept(services) == [True, True] and warmer.rounds == 2
        assert readiness(services)["warmed"]
        # the whole archive's similarity models built again, each with the contexts it is
        # made of (kept apart: a model over all but a few articles starts from them)
        built = services.models.misses
        programmes.similar(services, "暖新保", parse_search_query([]))  # the API's
        programmes.similar(services, "暖新保", SearchQuery(size=10))  # the programme page's
        assert built == 2 * 2 * len(first_models()) and services.models.misses == built
        warmed = services.backend.search(first_screens()[0])
        fresh = open_services(settings)
        try:
            counted = fresh.backend.search(first_screens()[0])
            assert warmed.facets == counted.facets and warmed.total == counted.total
            assert counted.total > 0 and any(counted.facets.values())
        finally:
            fresh.close()
    finally:
        services.close()


def test_the_served_site_warms_each_new_state_in_the_background(half_ingested) -> None:
    settings, rest = half_ingested
    with LiveServer(replace(settings, warm_seconds=0.1)) as server:
        services = server.app.state.services
        assert eventually(lambda: all(kept(services)))  # no request was made
        assert eventually(lambda: ready(server.url) == {"dictionary": True, "warmed": True})
        ingest(settings, rest)
        assert not ready(server.url)["warmed"] or services.warmed == services.state()
        assert eventually(lambda: all(kept(services)))
        assert eventually(lambda: ready(server.url)["warmed"])
        assert services.warmed == services.state()
        answer = httpx.get(f"{server.url}/api/search", timeout=30).json()
        assert answer["total"] > 0
        fresh = open_services(settings)
        try:
            assert answer["total"] == fresh.backend.search(first_screens()[0]).total
        finally:
            fresh.close()


def test_with_warming_off_nothing_is_counted_before_a_request(half_ingested) -> None:
    settings, _ = half_ingested
    with LiveServer(settings) as server:  # warm_seconds=0
        assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
        assert kept(server.app.state.services) == [False, False]
        assert ready(server.url)["warmed"]  # nothing to wait for
        assert eventually(lambda: ready(server.url)["dictionary"])


def test_a_failing_warm_up_is_logged_once_and_the_watch_goes_on(half_ingested, caplog) -> None:
    settings, rest = half_ingested
    services = open_services(settings)
    search, calls = services.backend.search, []

    def broken(query):
        calls.append(query)
        raise RuntimeError("the index went away")

    warmer = Warmer(services, interval=0.05)
    try:
        services.backend.search = broken  # type: ignore[method-assign]
        warmer.start()
        assert eventually(lambda: "warming the first screen failed" in caplog.text)
        time.sleep(0.3)  # several looks at the same state
        assert len(calls) == 1 and warmer.rounds == 0
        services.backend.search = search  # type: ignore[method-assign]
        ingest(settings, rest)  # the next change is warmed
        # the archive may commit before the index: a round each, the last one counts
        assert eventually(lambda: warmer.rounds >= 1 and all(kept(services)))
    finally:
        warmer.stop()
        services.close()
    with pytest.raises(ValueError, match="positive"):
        Warmer(services, interval=0)


def test_the_dictionary_is_read_as_the_server_starts(sample_home: Settings) -> None:
    """In a process of its own, where nothing has read jieba's dictionary yet: the server's
    start reads it, before any request."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from fastapi.testclient import TestClient
        from indexer.config import Settings
        from indexer.search import analysis
        from web.site import create_app
        app = create_app(Settings(home=Path({str(sample_home.home)!r}), warm_seconds=0))
        assert analysis._tokenizer is None, "read before the server started"
        with TestClient(app):  # runs the lifespan only; no request is sent
            deadline = time.monotonic() + {WAIT_SECONDS}
            while analysis._tokenizer is None and time.monotonic() < deadline:
                time.sleep(0.05)
            print("read" if analysis._tokenizer is not None else "not read")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=WAIT_SECONDS * 2, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "read"
