"""The ledger and the figure check answered from the writer's totals and index walks give
exactly what the same requests counted by query give, over HTTP, on a generated archive
with reprints and duplicates, after articles are extracted again, removed, derived
again, and reprinted earlier (the lead of their story moving).

A request with a date bound before every article selects the same figures but is not a
part of the ledger the totals are kept for, so the server counts it by query: the pairs
of answers must be equal, field for field.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from bench.scale_corpus import generate
from indexer.archive import Archive
from indexer.config import Settings
from indexer.ingest import extraction_version, index_pending, store_articles
from indexer.models import Article
from indexer.search import open_backend
from indexer.search.query import SearchQuery
from indexer.stories import story_ref
from indexer.tables.figure_totals import ledger_part, part_totals
from indexer.tables.figures import COMPARABLE, CONFLICTING, ledger_selection
from indexer.tables.figures_less import totals_less
from indexer.tables.scope import complement_scope, facet_scope
from indexer.tables.write import delete_rows
from tests.conftest import LiveServer
from tests.generated_corpus import common_word

ARTICLES = 300
BEFORE_EVERY_ARTICLE = {"date_from": "1900-01-01"}
PROVINCES = ("山东省", "青海省", "广东省")
TEXTS = ("110家职工书屋", "山东省有多少家职工书屋", "300多个工会驿站", "慰问金50万元",
         "困难职工1000余名", "工会驿站")


def reprint(article: Article, number: int, date: str) -> Article:
    """Another paper's printing of the report: a 本报讯 lead, the same body."""
    return replace(article, id=f"reprint-{number}", source="qhrb", source_name="",
                   date=date, body="本报讯(通讯员 王磊)" + article.body, content_hash="",
                   url=f"https://example.org/reprint/{number}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, list]]:
    """Generated reports stored with their known extractions, five of them reprinted a
    year later and two word for word (duplicates), derived and indexed."""
    settings = replace(Settings(home=tmp_path_factory.mktemp("ledger-totals")), answers_kept=0)
    settings.ensure_home()
    made = list(generate(ARTICLES, seed=5, sources=["grrb", "gsgrb"]))
    later = [(reprint(article, n, _year_later(article.date)), extraction)
             for n, (article, extraction) in enumerate(made[:5])]
    copies = [(replace(article, id=f"copy-{n}", url=f"https://example.org/copy/{n}"),
               extraction) for n, (article, extraction) in enumerate(made[5:7])]
    _store(settings, [*made, *later, *copies])
    with Archive(settings.archive_path) as archive:
        for (article, _), (original, _) in zip(later, made, strict=False):
            story = story_ref(archive, article.id)
            assert story.story_id == original.id and not story.lead
    yield settings, made


def _year_later(date: str) -> str:
    return f"{int(date[:4]) + 1}{date[4:]}"


def _store(settings: Settings, items: list[tuple[Article, dict]]) -> None:
    with Archive(settings.archive_path) as archive:
        store_articles([article for article, _ in items], archive, "test")
        for article, extraction in items:
            archive.set_extraction(article.id, extraction, extraction_version())
        _derive(settings, archive)


def _derive(settings: Settings, archive: Archive) -> None:
    backend = open_backend(settings)
    try:
        index_pending(archive, backend)
    finally:
        backend.close()


@pytest.fixture(scope="module")
def ledger_api(built) -> Iterator[httpx.Client]:
    settings, _ = built
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=120) as api:
        yield api


def requests() -> Iterator[tuple[str, dict]]:
    for count in ("stories", "printings"):
        base = {"count": count, "size": 50}
        yield "/api/figures", base
        yield "/api/figures", {**base, "page": 3}
        yield "/api/figures", {**base, "order": "newest", "page": 2}
        yield "/api/figures", {**base, "order": "oldest"}
        yield "/api/figures", {**base, "metric": "职工书屋"}
        yield "/api/figures", {**base, "metric": "职工", "page": 2}  # 职工书屋 and 困难职工
        yield "/api/figures", {**base, "metric": "没有的指标"}
        yield "/api/figures", {**base, "unit": "家"}
        yield "/api/figures", {**base, "metric": "工会驿站", "unit": "个", "order": "newest"}
        for province in PROVINCES:
            yield "/api/figures", {**base, "province": province}
            yield "/api/figures", {**base, "province": province, "metric": "职工书屋"}
        for text in TEXTS:
            yield "/api/figures/check", {**base, "text": text}
        yield "/api/figures/check", {**base, "text": TEXTS[0], "page": 2, "size": 5}
        # compare's key figures of a province column, walked from the figures' own flags
        yield "/api/compare", {"count": count, "province": list(PROVINCES)}


def get(api: httpx.Client, path: str, params: dict) -> dict:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_kept_equals_computed(api: httpx.Client) -> Counter:
    """Each request answered from the totals equals it counted by query; what the
    answers held, so a caller can see they were not empty."""
    assert ledger_part(SearchQuery(date_from=BEFORE_EVERY_ARTICLE["date_from"])) is None
    held: Counter = Counter()
    for path, params in requests():
        kept = get(api, path, params)
        computed = get(api, path, {**params, **BEFORE_EVERY_ARTICLE})
        assert kept == computed, (path, params)
        if "columns" in kept:
            held["key figures"] += sum(len(column["figures"]) for column in kept["columns"])
            continue
        rows = kept["rows"] if "rows" in kept else kept["matches"]
        held["rows"] += len(rows)
        held["conflict groups"] += kept.get("conflict_groups", 0)
        held["flagged"] += sum(row["conflict"] for row in rows)
        held["agreeing"] += kept.get("agreeing", 0)
        held["disagreeing"] += kept.get("disagreeing", 0)
    return held


def assert_totals_equal_a_recount(settings: Settings) -> None:
    """Every kept total (every province, not only those asked over HTTP) equals the
    ledger's queries over the search it stands for; every kept range, the figures of
    that range counted by query."""
    with Archive(settings.archive_path) as archive:
        kept: dict[tuple, tuple[int, int]] = {
            tuple(row[:4]): (row[4], row[5]) for row in archive.db.execute(
                "SELECT counted, province, metric, unit, figures, conflicting"
                " FROM figure_totals")}
        provinces = [row[0] for row in archive.db.execute(
            "SELECT DISTINCT province FROM figures WHERE province IS NOT NULL")]
        assert len(provinces) > 10
        recounted: dict[tuple, tuple[int, int]] = {}
        for counted in ("stories", "printings"):
            for province in ("", *provinces):
                filters = {"province": (province,)} if province else {}
                selection = ledger_selection(
                    facet_scope(SearchQuery(count=counted, filters=filters)),
                    provinces=(province,) if province else ())
                figures = selection.rows(archive, "COALESCE(f.metric, ''), COALESCE(f.unit, ''),"
                                         " COUNT(*)", "GROUP BY 1, 2")
                groups = Counter((metric, unit) for metric, unit in selection.where(
                    COMPARABLE).rows(archive, "f.metric, COALESCE(f.unit, '')", CONFLICTING))
                for metric, unit, count in figures:
                    recounted[(counted, province, metric, unit)] = (count,
                                                                     groups[(metric, unit)])
        assert kept == recounted
        ranges = Counter()
        for counted in ("stories", "printings"):
            selection = ledger_selection(facet_scope(SearchQuery(count=counted)))
            for row in selection.where("COALESCE(f.metric, '') != ''").rows(
                    archive, "f.metric, COALESCE(f.change, ''), COALESCE(f.unit, ''),"
                    " COALESCE(f.province, ''), f.low, COALESCE(f.high, 9e999), COUNT(*)",
                    "GROUP BY 1, 2, 3, 4, 5, 6"):
                *key, province, low, high, count = row
                ranges[(counted, *key, "", low, high)] += count
                if province:
                    ranges[(counted, *key, province, low, high)] += count
        assert ranges and dict(ranges) == {tuple(row[:7]): row[7] for row in archive.db.execute(
            "SELECT * FROM figure_ranges")}


def test_the_kept_answers_equal_the_computed_ones(built, ledger_api) -> None:
    settings, _ = built
    held = assert_kept_equals_computed(ledger_api)
    assert all(held[what] for what in ("rows", "conflict groups", "flagged", "agreeing",
                                       "disagreeing", "key figures")), held
    assert_totals_equal_a_recount(settings)


def test_reprints_count_once_by_stories_and_each_time_by_printings(built, ledger_api) -> None:
    stories = get(ledger_api, "/api/figures", {"count": "stories"})["total"]
    printings = get(ledger_api, "/api/figures", {"count": "printings"})["total"]
    settings, made = built
    reprinted = sum(sum(isinstance(f.get("value"), int | float) for f in extraction["figures"])
                    for _, extraction in made[:5])
    assert reprinted and printings == stories + reprinted


def test_the_totals_follow_articles_extracted_again(built, ledger_api) -> None:
    """New figures for some articles (values changed, figures dropped, another metric):
    their rows are derived again, and the totals follow."""
    settings, made = built
    with Archive(settings.archive_path) as archive:
        for n, (article, extraction) in enumerate(made[10:40]):
            changed = copy.deepcopy(extraction)
            figures = changed["figures"]
            if n % 3 == 0 and figures:
                figures[0]["value"] = figures[0]["value"] * 7 + 1  # disagrees now
            elif n % 3 == 1:
                changed["figures"] = figures[1:]
            else:
                for figure in figures:
                    figure["metric"] = "职工书屋"
            archive.set_extraction(article.id, changed, extraction_version())
        _derive(settings, archive)
    assert_kept_equals_computed(ledger_api)
    assert_totals_equal_a_recount(settings)


def test_the_totals_follow_rows_removed_and_derived_again(built, ledger_api) -> None:
    settings, made = built
    removed = [article.id for article, _ in made[::6]]
    with Archive(settings.archive_path) as archive:
        for article_id in removed:
            delete_rows(archive, article_id)
    assert_kept_equals_computed(ledger_api)
    assert_totals_equal_a_recount(settings)
    with Archive(settings.archive_path) as archive:
        _derive(settings, archive)  # their extractions are still there: derived again
        marks = ",".join("?" * len(removed))
        assert archive.db.execute(f"SELECT COUNT(*) FROM entity_articles WHERE article_id"
                                  f" IN ({marks})", removed).fetchone()[0] == len(removed)
    assert_kept_equals_computed(ledger_api)
    assert_totals_equal_a_recount(settings)


def test_the_totals_follow_a_story_whose_lead_moves(built, ledger_api) -> None:
    """A printing dated before its report takes the story's lead: the report's figures
    leave the count by stories, the new printing's enter it."""
    settings, made = built
    before = get(ledger_api, "/api/figures", {"count": "stories"})["total"]
    article, extraction = made[50]
    earlier = reprint(article, 99, f"{int(article.date[:4]) - 1}{article.date[4:]}")
    _store(settings, [(earlier, extraction)])
    with Archive(settings.archive_path) as archive:
        assert story_ref(archive, earlier.id).lead and not story_ref(archive, article.id).lead
        figures = archive.db.execute("SELECT COUNT(*) FROM figures WHERE article_id = ?",
                                     (earlier.id,)).fetchone()[0]
        assert figures and archive.db.execute(
            "SELECT COUNT(*) FROM figures WHERE article_id = ? AND story_lead = 0",
            (article.id,)).fetchone()[0] == figures
    assert get(ledger_api, "/api/figures", {"count": "stories"})["total"] == before
    assert_kept_equals_computed(ledger_api)
    assert_totals_equal_a_recount(settings)


def test_a_home_without_tables_has_an_empty_ledger(tmp_path: Path) -> None:
    settings = replace(Settings(home=tmp_path), answers_kept=0)
    settings.ensure_home()
    Archive(settings.archive_path).close()
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as api:
        data = get(api, "/api/figures", {})
    assert (data["total"], data["rows"], data["metrics"], data["conflict_groups"]) == \
        (0, [], [], 0)


def test_words_in_most_reports_are_the_part_less_the_others(built, ledger_api) -> None:
    """``indexer.tables.figures_less``: a ledger over words in most reports, a part less
    the reports without them, equals it counted by query over the hits, page and check,
    every part, and so do compare's key figures; and some group conflicted with the
    others' figures, not without them."""
    settings, _ = built
    backend = open_backend(settings)
    lost = 0
    try:
        with Archive(settings.archive_path) as archive:
            word = common_word(backend, SearchQuery())
            for count in ("stories", "printings"):
                for province in ("", *PROVINCES):
                    filters = {"province": (province,)} if province else {}
                    query = SearchQuery(text=word, count=count, filters=filters)
                    scope = complement_scope(backend, query, archive)
                    assert scope is not None, (count, province)
                    part = ledger_part(replace(query, text=""))
                    assert part is not None
                    whole = part_totals(archive, part)
                    less = totals_less(archive, part, whole, scope.less)
                    lost += sum(t.conflicting for t in whole) - sum(t.conflicting for t in less)
    finally:
        backend.close()
    assert lost > 0
    named = ("/api/compare", {"query": [f"甲:{word}", f"乙:{word} 工会"]})
    for path, params in [*requests(), named]:
        asked = {**params, "q": word}
        assert get(ledger_api, path, asked) == get(
            ledger_api, path, {**asked, **BEFORE_EVERY_ARTICLE}), (path, asked)
