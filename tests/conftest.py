"""Shared fixtures: ingested data folders, live API servers, a headless Chromium.

Everything is real and built once per test session: the bundled sample page (and
the analytics corpus) go through the splitter or the archive, the NLP pipeline and
the tantivy index into a temporary UNIONKB_HOME; uvicorn serves ``create_app`` on a
free 127.0.0.1 port in a thread; Selenium drives Debian's chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest

from indexer.config import Settings

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
SAMPLE_SOURCE, SAMPLE_DATE = "grrb", "2025-03"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,1000", "--lang=zh-CN",
)


# -- data folders ---------------------------------------------------------------------


def ingest(settings: Settings, articles: list) -> None:
    """Store, extract and index through the real pipeline, as `unionkb ingest-text` does."""
    from indexer.archive import Archive
    from indexer.ingest import process_pending, store_articles
    from indexer.search import open_backend

    settings.ensure_home()
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    try:
        report = store_articles(articles, archive, "tests")
        indexed = process_pending(archive, backend)
        assert report.quarantined == 0 and not indexed.errors, archive.quarantined()
    finally:
        backend.close()
        archive.close()


def sample_articles() -> list:
    from crawler.textdump import articles_from_page_text

    text = resources.files("crawler").joinpath("data/sample_page.txt").read_text("utf-8")
    return articles_from_page_text(text, SAMPLE_SOURCE, SAMPLE_DATE, None)


def corpus_articles() -> list:
    from indexer.models import Article

    records = json.loads((CORPUS / "articles.json").read_text("utf-8"))
    return [Article.from_dict(record) for record in records]


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data folder holding the bundled sample page, ingested."""
    settings = Settings(home=tmp_path_factory.mktemp("sample-home"))
    ingest(settings, sample_articles())
    return settings


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data folder holding the analytics corpus (tests/fixtures/corpus), ingested."""
    settings = Settings(home=tmp_path_factory.mktemp("corpus-home"))
    ingest(settings, corpus_articles())
    return settings


# -- live servers --------------------------------------------------------------------------


class LiveServer:
    """``create_app(settings)`` under uvicorn, in a thread, on a free port."""

    def __init__(self, settings: Settings, **server_options: Any) -> None:
        import uvicorn

        from api.server import server_config
        from web.site import create_app

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.app = create_app(settings)
        # The settings `unionkb serve` runs with (api.server), so the bounds are tested too.
        config = server_config(self.app, log_level="warning", lifespan="on", **server_options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the API server stopped while starting; see the log above")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join()
        self.socket.close()


@pytest.fixture(scope="session")
def sample_server(sample_home: Settings) -> Iterator[str]:
    with LiveServer(sample_home) as server:
        yield server.url


@pytest.fixture(scope="session")
def corpus_server(corpus_home: Settings) -> Iterator[str]:
    with LiveServer(corpus_home) as server:
        yield server.url


@pytest.fixture(scope="session")
def api(sample_server: str) -> Iterator[httpx.Client]:
    """An HTTP client of the server over the sample page."""
    with httpx.Client(base_url=sample_server, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def corpus_api(corpus_server: str) -> Iterator[httpx.Client]:
    """An HTTP client of the server over the analytics corpus."""
    with httpx.Client(base_url=corpus_server, timeout=60) as client:
        yield client


# -- browser ---------------------------------------------------------------------------------


def _browser_missing(reason: str) -> None:
    # CI installs Chromium and must run these tests; a laptop without it skips them.
    if os.environ.get("UNIONKB_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(f"{reason}; install Debian's chromium and chromium-driver to run browser tests")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """A headless Chromium with a fresh profile, driven by Selenium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        _browser_missing("chromium or chromedriver is not on PATH")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshot():
    """Save the browser's page as test-artifacts/<name>.png (CI keeps the folder)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(driver, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        driver.save_screenshot(str(path))
        return path

    return save
