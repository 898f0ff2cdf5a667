"""One behaviour suite for every search backend: same documents, same queries, same answers.

The embedded tantivy backend always runs. Elasticsearch runs when ELASTICSEARCH_URL
points at a server (``docker compose up elasticsearch``); otherwise it is skipped,
and the skip says why. A third executor answers the searches made of filters and
dates only: the analysis tables' scope (``indexer.tables.scope.facet_scope``, SQL
over the archive), which the analyses use instead of the index; the filter and date
tests run against it too, from the same documents.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from indexer.config import load_settings
from indexer.search import open_backend
from indexer.search.base import BackendUnavailable, SearchBackend
from indexer.search.facet_pages import FacetPage, FacetRequest
from indexer.search.query import FACETS, Bucket, FacetValue, SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from indexer.search.validation import InvalidQuery
from tests.paths import FIXTURES

if TYPE_CHECKING:
    from indexer.archive import Archive

DOCS: list[dict[str, Any]] = json.loads(
    (FIXTURES / "search" / "documents.json").read_text("utf-8")
)
BY_ID = {d["id"]: d for d in DOCS}
NEWEST_FIRST = [
    "qh-brands", "gs-minle", "jl-changchun", "sd-juxian", "nm-niangjia",
    "qh-xining-station", "gs-lanzhou", "acftu-app", "gs-craftsman", "qh-haidong-books",
]

NO_SERVER = "ELASTICSEARCH_URL is not set: start a server (docker compose up -d elasticsearch) " \
    "and export ELASTICSEARCH_URL=http://127.0.0.1:9200 to run the Elasticsearch suite"
BACKENDS = [
    pytest.param("tantivy", id="tantivy"),
    pytest.param(
        "elasticsearch", id="elasticsearch",
        marks=[pytest.mark.elasticsearch,
               pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason=NO_SERVER)],
    ),
]


def _new_backend(kind: str, home: Path) -> SearchBackend:
    settings = replace(
        load_settings(), home=home, backend=kind,
        index_prefix=f"unionkb-test-{uuid.uuid4().hex[:8]}",
    )
    return open_backend(settings)


def _dispose(backend: SearchBackend) -> None:
    if backend.name == "elasticsearch":
        backend.drop_all()  # type: ignore[attr-defined]
    backend.close()


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[SearchBackend]:
    """A backend holding the ten fixture documents; tests using it only read."""
    backend = _new_backend(request.param, tmp_path_factory.mktemp("loaded"))
    report = backend.index_documents(DOCS)
    assert (report.indexed, report.errors) == (len(DOCS), [])
    yield backend
    _dispose(backend)


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    backend = _new_backend(request.param, tmp_path)
    yield backend
    _dispose(backend)


class Answers(Protocol):
    """What a search of filters and dates selects, from whichever executor."""

    def ids(self, query: SearchQuery) -> set[str]: ...

    def count(self, query: SearchQuery) -> int: ...


@dataclass
class IndexAnswers:
    backend: SearchBackend

    def ids(self, query: SearchQuery) -> set[str]:
        return {h.id for h in self.backend.search(replace(query, size=100)).hits}

    def count(self, query: SearchQuery) -> int:
        total = self.backend.count(query)
        assert total == self.backend.search(query).total
        return total


@dataclass
class TableAnswers:
    archive: Archive

    def ids(self, query: SearchQuery) -> set[str]:
        return {row[0] for row in self._select(query, "SELECT article_id FROM scope")}

    def count(self, query: SearchQuery) -> int:
        return self._select(query, "SELECT COUNT(*) FROM scope")[0][0]

    def _select(self, query: SearchQuery, sql: str) -> list[Any]:
        from indexer.tables.scope import facet_scope

        return facet_scope(query).rows(self.archive, sql)


def tables_holding(docs: list[dict[str, Any]], path: Path) -> Archive:
    """An archive whose analysis tables hold ``docs``, written as the pipeline writes them."""
    from indexer.archive import Archive
    from indexer.dates import date_key
    from indexer.models import Article
    from indexer.tables.schema import prepare_tables
    from indexer.tables.write import write_rows

    archive = Archive(path)
    prepare_tables(archive)
    for doc in docs:
        article = Article(
            id=doc["id"], source=doc["source_code"], source_name=doc["source"], url=doc["url"],
            date=doc["date"], page=doc["page"], page_name=doc["page_name"], kicker=doc["kicker"],
            title=doc["title"], subtitle=doc["subtitle"], body=doc["body"])
        assert date_key(article.date) == doc["date_key"]  # the rows date it as the index does
        write_rows(archive, article, {}, doc, canonical=True, revision=0)
    return archive


@pytest.fixture(scope="module", params=[*BACKENDS, pytest.param("tables", id="tables")])
def filtering(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[Answers]:
    """An executor of filters and dates holding the ten fixture documents."""
    home = tmp_path_factory.mktemp("filtering")
    if request.param == "tables":
        archive = tables_holding(DOCS, home / "archive.sqlite")
        yield TableAnswers(archive)
        archive.close()
        return
    backend = _new_backend(request.param, home)
    backend.index_documents(DOCS)
    yield IndexAnswers(backend)
    _dispose(backend)


def selected(answers: Answers, **kwargs: Any) -> set[str]:
    return answers.ids(SearchQuery(**kwargs))


def ids(backend: SearchBackend, **kwargs: Any) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(size=100, **kwargs)).hits]


def id_set(backend: SearchBackend, **kwargs: Any) -> set[str]:
    return set(ids(backend, **kwargs))


def counts(values: list[FacetValue]) -> dict[str, int]:
    return {v.value: v.count for v in values}


# -- free text -----------------------------------------------------------------------


def test_word_in_quotes_is_found(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="暖新保") == {"qh-brands", "gs-lanzhou"}


def test_compound_word_is_found(loaded: SearchBackend) -> None:
    expected = {"gs-minle", "qh-brands", "nm-niangjia", "qh-xining-station"}
    assert id_set(loaded, text="工会驿站") == expected


def test_every_query_word_is_required(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="暖新保 驿站") == {"qh-brands"}
    assert id_set(loaded, text="暖新保驿站") == {"qh-brands"}


def test_sub_word_of_an_organisation_matches(loaded: SearchBackend) -> None:
    # 总工会 is indexed inside 民乐县总工会, 青海省总工会 …: search mode sub-words.
    assert {"gs-minle", "qh-brands", "acftu-app"} <= id_set(loaded, text="总工会")
    assert "jl-changchun" not in id_set(loaded, text="总工会")


def test_latin_is_case_insensitive(loaded: SearchBackend) -> None:
    assert ids(loaded, text="app") == ["acftu-app"]
    assert ids(loaded, text="ＡＰＰ") == ["acftu-app"]


def test_title_match_ranks_first(loaded: SearchBackend) -> None:
    result = loaded.search(SearchQuery(text="娘家人"))
    assert [h.id for h in result.hits] == ["nm-niangjia", "sd-juxian"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_kicker_is_searched(loaded: SearchBackend) -> None:
    assert ids(loaded, text="务实行动") == ["nm-niangjia"]


def test_empty_or_punctuation_text_matches_everything(loaded: SearchBackend) -> None:
    assert loaded.search(SearchQuery()).total == len(DOCS)
    assert loaded.search(SearchQuery(text=" ，。！ ")).total == len(DOCS)


def test_no_match_gives_no_hits(loaded: SearchBackend) -> None:
    result = loaded.search(SearchQuery(text="航天飞机"))
    assert (result.total, result.hits) == (0, [])
    assert all(values == [] for values in result.facets.values())


# -- filters and facets --------------------------------------------------------------


def test_values_of_one_facet_are_ored(filtering: Answers) -> None:
    got = selected(filtering, filters={"province": ("青海省", "吉林省")})
    assert got == {"qh-brands", "qh-xining-station", "gs-lanzhou", "qh-haidong-books",
                   "jl-changchun"}


def test_different_facets_are_anded(filtering: Answers) -> None:
    got = selected(filtering, filters={"province": ("青海省",), "theme": ("职工服务",)})
    assert got == {"qh-brands", "qh-xining-station"}


def test_text_and_filters_combine(loaded: SearchBackend) -> None:
    got = id_set(loaded, text="工会驿站", filters={"province": ("青海省",)})
    assert got == {"qh-brands", "qh-xining-station"}


def test_year_and_source_filter(filtering: Answers) -> None:
    got = selected(filtering, filters={"year": ("2024",), "source": ("工人日报",)})
    assert got == {"acftu-app"}


def test_empty_filter_value_list_is_ignored(filtering: Answers) -> None:
    assert filtering.count(SearchQuery(filters={"province": ()})) == len(DOCS)


def test_filters_and_dates_count_what_they_select(filtering: Answers) -> None:
    query = SearchQuery(filters={"province": ("青海省", "甘肃省")}, date_from="2024")
    assert filtering.ids(query) == {"qh-brands", "qh-xining-station", "gs-lanzhou", "gs-minle"}
    assert filtering.count(query) == 4


@pytest.mark.parametrize("query", [
    SearchQuery(),
    SearchQuery(filters={"programme": ("工会驿站", "暖新保"), "year": ("2024", "2025")}),
    SearchQuery(filters={"county": ("民乐县", "莒县", "朝阳区")}, date_to="2025-03-18"),
    SearchQuery(filters={"org": ("青海省总工会", "西宁市总工会", "兰州市总工会")},
                date_from="2024-06", date_to="2025-02"),
    SearchQuery(filters={"city": ("西宁市",), "theme": ("职工服务",)}, date_from="2025"),
], ids=["all", "programmes-years", "counties-until", "orgs-between", "city-theme-from"])
def test_the_tables_scope_agrees_with_the_index(
    query: SearchQuery, tmp_path: Path
) -> None:
    """The analyses' SQL executor selects exactly what the index does, query by query."""
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents(DOCS)
    archive = tables_holding(DOCS, tmp_path / "archive.sqlite")
    try:
        index, tables = IndexAnswers(backend), TableAnswers(archive)
        assert tables.ids(query) == index.ids(query)
        assert tables.count(query) == index.count(query)
    finally:
        archive.close()


def test_facet_counts_without_filters(loaded: SearchBackend) -> None:
    facets = loaded.search(SearchQuery()).facets
    assert set(facets) == set(FACETS)
    assert counts(facets["province"]) == {
        "青海省": 4, "甘肃省": 3, "内蒙古自治区": 1, "吉林省": 1, "山东省": 1}
    assert counts(facets["year"]) == {"2025": 5, "2024": 3, "2023": 2}
    assert counts(facets["source"]) == {"工人日报": 5, "青海日报": 2, "甘肃日报": 2, "大众日报": 1}


def test_facets_are_multi_select(loaded: SearchBackend) -> None:
    """A facet is counted with every filter but its own: ticking 青海省 keeps 甘肃省's count."""
    query = SearchQuery(filters={"province": ("青海省",), "theme": ("职工服务",)})
    result = loaded.search(query)
    assert result.total == 2
    # province: counted within theme=职工服务 (gs-minle, qh-brands, nm-niangjia,
    # qh-xining-station, acftu-app)
    assert counts(result.facets["province"]) == {"青海省": 2, "甘肃省": 1, "内蒙古自治区": 1}
    # theme: counted within province=青海省 (qh-brands, qh-xining-station, gs-lanzhou,
    # qh-haidong-books)
    assert counts(result.facets["theme"]) == {"职工服务": 2, "新就业形态": 2, "职工文化": 1}
    # unfiltered facets: counted within both filters
    assert counts(result.facets["year"]) == {"2025": 1, "2024": 1}


@pytest.mark.parametrize("filters", [
    {},
    {"province": ("青海省",)},
    {"province": ("甘肃省", "青海省"), "programme": ("暖新保",)},
    {"theme": ("职工服务", "职工文化"), "year": ("2025",), "source": ("工人日报",)},
])
def test_facet_counts_agree_with_a_reference_model(
    loaded: SearchBackend, filters: dict[str, tuple[str, ...]]
) -> None:
    facets = loaded.search(SearchQuery(filters=filters)).facets
    for facet in FACETS:
        assert counts(facets[facet]) == reference_counts(facet, filters), facet


def reference_counts(facet: str, filters: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Facet counts computed in plain Python over the fixture documents."""
    others = {f: v for f, v in filters.items() if f != facet}
    tally: Counter[str] = Counter()
    for doc in DOCS:
        if all(set(_values(doc, f)) & set(v) for f, v in others.items()):
            tally.update(_values(doc, facet))
    return dict(tally)


def _values(doc: dict[str, Any], facet: str) -> list[str]:
    value = doc[facet]
    return value if isinstance(value, list) else [value]


def test_facets_are_ordered_by_count_then_value_and_cut(loaded: SearchBackend) -> None:
    facets = loaded.search(SearchQuery(facet_size=3)).facets
    assert facets["province"] == [
        FacetValue("青海省", 4), FacetValue("甘肃省", 3), FacetValue("内蒙古自治区", 1)]
    assert [v.value for v in facets["programme"]] == ["工会驿站", "暖新保", "职工书屋"]


def test_only_requested_facets_are_counted(loaded: SearchBackend) -> None:
    result = loaded.search(SearchQuery(facets=("province", "year")))
    assert set(result.facets) == {"province", "year"}


def test_unknown_facet_is_rejected(filtering: Answers) -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        filtering.ids(SearchQuery(filters={"colour": ("red",)}))


# -- a facet's values, page by page -------------------------------------------------


def _page(backend: SearchBackend, facet: str, query: SearchQuery | None = None,
          **request: Any) -> FacetPage:
    return backend.facet_page(query or SearchQuery(), FacetRequest(facet, **request))


def test_facet_pages_follow_one_another_and_add_up(loaded: SearchBackend) -> None:
    whole = reference_counts("programme", {})
    pages = [_page(loaded, "programme", offset=o, limit=2) for o in range(0, len(whole) + 2, 2)]
    assert {p.total for p in pages} == {len(whole)}
    assert all(p.complete for p in pages)
    seen = [v for p in pages for v in p.values]
    assert counts(seen) == whole  # every value once, with its exact count
    assert [(-v.count, v.value) for v in seen] == sorted((-v.count, v.value) for v in seen)
    assert pages[-1].values == []


def test_facet_page_goes_beyond_the_sidebar_cut(loaded: SearchBackend) -> None:
    cut = loaded.search(SearchQuery(facet_size=3)).facets["programme"]
    rest = _page(loaded, "programme", offset=3, limit=100)
    assert not {v.value for v in cut} & {v.value for v in rest.values}
    assert len(cut) + len(rest.values) == rest.total


def test_facet_page_contains_searches_the_values(loaded: SearchBackend) -> None:
    page = _page(loaded, "org", contains="总工会")
    assert page.total == len(page.values) > 1
    assert all("总工会" in v.value for v in page.values)
    assert counts(page.values) == {
        k: n for k, n in reference_counts("org", {}).items() if "总工会" in k}
    assert _page(loaded, "programme", contains="ＡＢＣ不存在").values == []


def test_facet_page_contains_ignores_case(empty: SearchBackend) -> None:
    empty.index_documents([{**BY_ID["acftu-app"], "programme": ["职工之家APP", "工会驿站"]}])
    page = _page(empty, "programme", contains="app")
    assert counts(page.values) == {"职工之家APP": 1}


def test_the_state_moves_with_every_write_and_holds_still_between(empty: SearchBackend) -> None:
    """What answers are kept under (api.services.answers): a kept answer must never
    outlive a write, and should outlive reads."""
    empty.index_documents(DOCS[:5])
    written = empty.state()
    assert written is not None and empty.state() == written
    empty.index_documents(DOCS[5:])
    more = empty.state()
    assert more != written and empty.state() == more
    empty.delete([DOCS[0]["id"]])
    assert empty.state() not in (written, more)
    rebuilt = empty.rebuild(DOCS)
    assert rebuilt.indexed == len(DOCS) and empty.state() not in (written, more)


def test_facet_page_is_counted_without_its_own_filter(loaded: SearchBackend) -> None:
    filters = {"province": ("青海省",), "theme": ("职工服务",)}
    page = _page(loaded, "province", SearchQuery(filters=filters), limit=100)
    assert counts(page.values) == reference_counts("province", filters)
    sidebar = loaded.search(SearchQuery(filters=filters)).facets["province"]
    assert page.values == sidebar


def test_facet_page_follows_text_and_dates(loaded: SearchBackend) -> None:
    page = _page(loaded, "province", SearchQuery(text="工会驿站", date_from="2025"))
    expected = loaded.search(SearchQuery(text="工会驿站", date_from="2025")).facets["province"]
    assert page.values == expected and page.total == len(expected)


@pytest.mark.parametrize("request_, param", [
    (FacetRequest("colour"), "facet"),
    (FacetRequest("programme", offset=-1), "offset"),
    (FacetRequest("programme", limit=0), "limit"),
    (FacetRequest("programme", limit=101), "limit"),
])
def test_bad_facet_requests_are_refused(
    loaded: SearchBackend, request_: FacetRequest, param: str
) -> None:
    with pytest.raises(InvalidQuery) as refused:
        loaded.facet_page(SearchQuery(), request_)
    assert [name for name, _ in refused.value.problems] == [param]


# -- stories: one report's printings counted once ------------------------------------


REPRINT = {**BY_ID["qh-brands"], "id": "qh-brands-reprint", "source": "青海工人报",
           "story": "qh-brands", "story_lead": False}


def test_counting_stories_leaves_the_reprints_out(empty: SearchBackend) -> None:
    empty.index_documents([*DOCS, REPRINT])
    stories, printings = SearchQuery(count="stories"), SearchQuery(count="printings")
    assert (empty.count(stories), empty.count(printings)) == (len(DOCS), len(DOCS) + 1)
    assert "qh-brands-reprint" not in id_set(empty, text="暖新保", count="stories")
    assert "qh-brands-reprint" in id_set(empty, text="暖新保", count="printings")
    assert "青海工人报" not in counts(empty.search(stories).facets["source"])
    assert counts(empty.search(printings).facets["source"])["青海工人报"] == 1
    by_year = {b.key: b.count for b in empty.histogram(stories, "year")}
    assert by_year["2025"] == 5
    page = empty.facet_page(stories, FacetRequest("source", limit=100))
    assert "青海工人报" not in counts(page.values)


def test_the_tables_scope_counts_stories_as_the_index_does(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents([*DOCS, REPRINT])
    archive = tables_holding([*DOCS, REPRINT], tmp_path / "archive.sqlite")
    archive.db.executemany(
        "INSERT INTO article_stories (article_id, story_id, lead, content_hash, method,"
        " signature) VALUES (?, ?, ?, '', '', x'')",
        [(d["id"], d.get("story", d["id"]), int(d.get("story_lead", True)))
         for d in [*DOCS, REPRINT]])
    try:
        for count in ("stories", "printings"):
            query = SearchQuery(filters={"province": ("青海省",)}, count=count)
            assert TableAnswers(archive).ids(query) == IndexAnswers(backend).ids(query), count
    finally:
        archive.close()


# -- dates, sorting, paging ----------------------------------------------------------


def test_date_range_is_inclusive(filtering: Answers) -> None:
    got = selected(filtering, date_from="2025-03-12", date_to="2025-03-19")
    assert got == {"sd-juxian", "jl-changchun", "gs-minle"}


def test_partial_dates_fall_in_their_period(filtering: Answers) -> None:
    assert selected(filtering, date_from="2023-01-01", date_to="2023-12-31") == {
        "gs-craftsman", "qh-haidong-books"}
    assert selected(filtering, date_to="2023") == {"gs-craftsman", "qh-haidong-books"}


def test_open_ended_date_range(filtering: Answers) -> None:
    assert selected(filtering, date_from="2025-03-19") == {"gs-minle", "qh-brands"}


def test_bad_date_is_rejected(filtering: Answers) -> None:
    with pytest.raises(ValueError, match="not a date"):
        filtering.ids(SearchQuery(date_from="yesterday"))


def test_sort_newest_and_oldest_first(loaded: SearchBackend) -> None:
    assert ids(loaded, sort="-date") == NEWEST_FIRST
    assert ids(loaded, sort="date") == NEWEST_FIRST[::-1]


def test_relevance_without_text_means_newest_first(loaded: SearchBackend) -> None:
    assert ids(loaded, sort="relevance") == NEWEST_FIRST


def test_sort_applies_to_text_matches(loaded: SearchBackend) -> None:
    assert ids(loaded, text="工会驿站", sort="date") == [
        "qh-xining-station", "nm-niangjia", "gs-minle", "qh-brands"]


def test_pages_follow_one_another(loaded: SearchBackend) -> None:
    pages = [loaded.search(SearchQuery(sort="-date", page=p, size=4)) for p in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [len(DOCS)] * 4
    assert [h.id for p in pages for h in p.hits] == NEWEST_FIRST
    assert [len(p.hits) for p in pages] == [4, 4, 2, 0]


def test_size_zero_gives_total_and_facets_only(loaded: SearchBackend) -> None:
    result = loaded.search(SearchQuery(text="工会驿站", size=0))
    assert (result.total, result.hits) == (4, [])
    assert counts(result.facets["province"])["青海省"] == 2


def test_count_agrees_with_search(loaded: SearchBackend) -> None:
    query = SearchQuery(text="工会", filters={"province": ("青海省", "甘肃省")})
    assert loaded.count(query) == loaded.search(query).total == 6


# -- the query language (indexer/search/query_language.py) ----------------------------


def test_or_finds_either(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="职工书屋 OR 暖新保") == {
        "nm-niangjia", "qh-haidong-books", "qh-brands", "gs-lanzhou"}


def test_minus_and_not_leave_out(loaded: SearchBackend) -> None:
    with_station = id_set(loaded, text="驿站")
    assert with_station == {"gs-minle", "qh-brands", "nm-niangjia", "qh-xining-station"}
    assert id_set(loaded, text="-驿站") == set(BY_ID) - with_station
    assert id_set(loaded, text="NOT 驿站") == set(BY_ID) - with_station
    assert id_set(loaded, text="驿站 -内蒙古") == with_station - {"nm-niangjia"}
    assert id_set(loaded, text="驿站 -(内蒙古 OR 西宁市)") == {"gs-minle", "qh-brands"}


@pytest.mark.parametrize("text", ["驿站", "驿站 OR 书屋", "总工会 -内蒙古", '"职工书屋"'])
def test_a_search_and_its_words_left_out_split_its_filters_articles(
        loaded: SearchBackend, text: str) -> None:
    """What a complement counts by (``indexer.tables.scope.complement_scope``): the hits
    of ``words`` and of ``-(words)`` within the same filters, apart and together all."""
    split = []
    for filters in ({}, {"province": ("青海省",)}):
        hits = set(loaded.scan_ids(SearchQuery(text=text, filters=filters)))
        others = set(loaded.scan_ids(SearchQuery(text=f"-({text})", filters=filters)))
        every = set(loaded.scan_ids(SearchQuery(filters=filters)))
        assert not hits & others and hits | others == every, filters
        split.append(bool(hits and others))
    assert split[0]  # over every article, both sides hold some


def test_only_leaving_out_sorts_newest_first(loaded: SearchBackend) -> None:
    hits = loaded.search(SearchQuery(text="-驿站", size=100)).hits
    assert [h.id for h in hits] == [i for i in NEWEST_FIRST if i in {h.id for h in hits}]
    assert all(h.score == 0.0 for h in hits)


def test_parentheses_group(loaded: SearchBackend) -> None:
    got = id_set(loaded, text="(驿站 OR 书屋) AND 总工会 -内蒙古")
    assert got == {"gs-minle", "qh-brands", "qh-xining-station", "qh-haidong-books"}
    # Without them AND binds tighter than OR.
    assert id_set(loaded, text="驿站 书屋 OR 暖新保") == {"nm-niangjia", "qh-brands",
                                                        "gs-lanzhou"}


def test_phrase_needs_its_words_together(loaded: SearchBackend) -> None:
    apart = id_set(loaded, text="服务职工")
    assert {"qh-brands", "gs-minle", "acftu-app"} <= apart
    assert id_set(loaded, text='"服务职工"') == {"qh-brands"}
    assert id_set(loaded, text="“服务职工”") == {"qh-brands"}
    assert id_set(loaded, text='驿站 -"服务职工"') == {"gs-minle", "nm-niangjia",
                                                     "qh-xining-station"}


def test_phrase_spans_a_compound_word(loaded: SearchBackend) -> None:
    # 总工会 is indexed with its sub-words 总工, 工会 before it: the phrase is adjacent
    # as the index cut it, not as the two words would be alone.
    assert id_set(loaded, text='"民乐县总工会"') == {"gs-minle"}
    assert id_set(loaded, text='"西宁市总工会依托"') == {"qh-xining-station"}


def test_title_field_looks_in_the_title_only(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="title:驿站") == {"qh-xining-station"}
    assert id_set(loaded, text="title：(驿站 OR 书屋)") == {"qh-xining-station",
                                                         "qh-haidong-books"}
    assert id_set(loaded, text='kicker:"务实行动"') == {"nm-niangjia"}


def test_facet_fields_match_exact_values(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="programme:暖新保") == {"qh-brands", "gs-lanzhou"}
    assert id_set(loaded, text="province:青海省 -programme:暖新保") == {
        "qh-xining-station", "qh-haidong-books"}
    assert id_set(loaded, text="programme:暖新") == set()


def test_bylines_are_found_by_name(loaded: SearchBackend) -> None:
    assert ids(loaded, text="康劭") == ["gs-minle"]
    assert ids(loaded, text="邢生祥") == ["qh-brands"]
    assert ids(loaded, text="person:康劭") == ["gs-minle"]
    assert ids(loaded, text="person:康劭 OR person:邢生祥") == ["qh-brands", "gs-minle"]


def test_traditional_characters_find_simplified_text(loaded: SearchBackend) -> None:
    assert id_set(loaded, text="工會驛站") == id_set(loaded, text="工会驿站") != set()
    assert id_set(loaded, text='"服務職工"') == {"qh-brands"}


def test_simplified_query_finds_traditional_text_and_marks_its_characters(
    empty: SearchBackend,
) -> None:
    doc = {**BY_ID["qh-xining-station"], "id": "hk-station",
           "title": "香港工會驛站冬季送溫暖",
           "body": "入冬以來，香港職工總會依託工會驛站為環衞工人送去棉衣。"}
    empty.index_documents([doc, BY_ID["gs-craftsman"]])
    hits = empty.search(SearchQuery(text="工会驿站 环卫")).hits
    assert [h.id for h in hits] == ["hk-station"]
    assert hits[0].snippet is not None
    assert "<mark>工會驛站</mark>" in hits[0].snippet
    assert "<mark>環衞</mark>" in hits[0].snippet
    assert hits[0].doc["body"] == doc["body"]


@pytest.mark.parametrize(("text", "character"), [
    ("驿站 OR", 4), ("(驿站 OR 书屋", 1), ("驿站)", 3), ("AND 驿站", 1), ('"服务职工', 1),
    ("- 驿站", 1), ("titel:驿站", 1), ("驿站 title:", 4), ("()", 1),
])
def test_syntax_mistakes_are_refused_with_their_place(
    loaded: SearchBackend, text: str, character: int
) -> None:
    with pytest.raises(InvalidQuery, match=f"at character {character}:"):
        loaded.search(SearchQuery(text=text))
    with pytest.raises(InvalidQuery):
        loaded.count(SearchQuery(text=text))


def test_person_filter(filtering: Answers) -> None:
    assert selected(filtering, filters={"person": ("康劭",)}) == {"gs-minle"}
    assert selected(filtering, filters={"person": ("康劭", "邢生祥")}) == {"gs-minle",
                                                                        "qh-brands"}


def test_person_facet_counts_names(loaded: SearchBackend) -> None:
    facets = loaded.search(SearchQuery(text="工会")).facets
    assert counts(facets["person"]) == {"康劭": 1, "陈世强": 1, "邢生祥": 1}


# -- hits and snippets ---------------------------------------------------------------


def test_hit_carries_the_stored_document(loaded: SearchBackend) -> None:
    hit = loaded.search(SearchQuery(text="暖新保", filters={"province": ("甘肃省",)})).hits[0]
    assert hit.id == "gs-lanzhou"
    assert hit.doc == BY_ID["gs-lanzhou"]


def test_snippet_marks_the_match(loaded: SearchBackend) -> None:
    hits = {h.id: h for h in loaded.search(SearchQuery(text="暖新保")).hits}
    assert "“<mark>暖新保</mark>”" in hits["qh-brands"].snippet
    assert "“<mark>暖新保</mark>”经验" in hits["gs-lanzhou"].snippet


def test_snippet_is_html_escaped(loaded: SearchBackend) -> None:
    snippet = loaded.search(SearchQuery(text="APP")).hits[0].snippet
    assert "<mark>APP</mark>" in snippet
    assert "&lt;职工之家&gt;" in snippet and "A&amp;B" in snippet
    assert "<" not in re.sub(r"</?mark>", "", snippet)


def test_snippet_without_text_is_the_opening(loaded: SearchBackend) -> None:
    hit = loaded.search(SearchQuery(filters={"county": ("莒县",)})).hits[0]
    assert hit.snippet.startswith("莒县总工会组织职工")
    assert "<mark>" not in hit.snippet


def test_no_snippet_when_not_asked(loaded: SearchBackend) -> None:
    assert loaded.search(SearchQuery(text="暖新保", highlight=False)).hits[0].snippet is None


# -- scan and histogram --------------------------------------------------------------


def test_scan_yields_every_match_not_one_page(loaded: SearchBackend) -> None:
    docs = list(loaded.scan(SearchQuery(sort="-date", size=3)))
    assert [d["id"] for d in docs] == NEWEST_FIRST
    assert docs[0] == BY_ID["qh-brands"]


def test_scan_applies_text_filters_and_sort(loaded: SearchBackend) -> None:
    query = SearchQuery(text="工会", filters={"province": ("青海省",)}, sort="date", size=1)
    assert [d["id"] for d in loaded.scan(query)] == [
        "qh-haidong-books", "gs-lanzhou", "qh-xining-station", "qh-brands"]
    assert list(loaded.scan(SearchQuery(text="航天飞机"))) == []


def test_histogram_by_year(loaded: SearchBackend) -> None:
    assert loaded.histogram(SearchQuery(), "year") == [
        Bucket("2023", 2), Bucket("2024", 3), Bucket("2025", 5)]


def test_histogram_by_month_leaves_out_dates_without_month(loaded: SearchBackend) -> None:
    assert loaded.histogram(SearchQuery(), "month") == [
        Bucket("2023-05", 1), Bucket("2024-01", 1), Bucket("2024-06", 1),
        Bucket("2024-12", 1), Bucket("2025-02", 1), Bucket("2025-03", 4)]


def test_histogram_split_by_province(loaded: SearchBackend) -> None:
    buckets = loaded.histogram(SearchQuery(filters={"province": ("青海省", "甘肃省")}),
                               "year", by="province")
    assert buckets == [
        Bucket("2023", 1, "甘肃省"), Bucket("2023", 1, "青海省"),
        Bucket("2024", 1, "甘肃省"), Bucket("2024", 2, "青海省"),
        Bucket("2025", 1, "甘肃省"), Bucket("2025", 1, "青海省")]


def test_histogram_follows_the_query(loaded: SearchBackend) -> None:
    assert loaded.histogram(SearchQuery(text="工会驿站"), "year") == [
        Bucket("2024", 1), Bucket("2025", 3)]


def test_histogram_rejects_unknown_split(loaded: SearchBackend) -> None:
    with pytest.raises(ValueError):
        loaded.histogram(SearchQuery(), "year", by="colour")


# -- writing -------------------------------------------------------------------------


def test_new_documents_are_visible_when_indexing_returns(empty: SearchBackend) -> None:
    assert empty.count(SearchQuery()) == 0
    empty.index_documents(DOCS[:4])
    assert empty.count(SearchQuery()) == 4
    empty.index_documents(DOCS[4:])
    assert empty.count(SearchQuery()) == len(DOCS)


def test_indexing_again_replaces_by_id(empty: SearchBackend) -> None:
    empty.index_documents(DOCS)
    changed = {**BY_ID["qh-brands"], "title": "青海工会发布职工服务新举措",
               "province": ["西藏自治区"], "body": "“格桑花”项目惠及职工。"}
    report = empty.index_documents([changed, BY_ID["gs-lanzhou"]])
    assert report.indexed == 2
    assert empty.count(SearchQuery()) == len(DOCS)
    assert ids(empty, text="暖新保") == ["gs-lanzhou"]
    assert ids(empty, text="格桑花") == ["qh-brands"]
    facets = empty.search(SearchQuery()).facets
    assert counts(facets["province"])["西藏自治区"] == 1
    assert counts(facets["province"])["青海省"] == 3


def test_duplicate_ids_in_one_batch_keep_the_last(empty: SearchBackend) -> None:
    first, second = BY_ID["gs-minle"], {**BY_ID["gs-minle"], "title": "民乐县职工书屋开放"}
    empty.index_documents([first, second])
    assert empty.count(SearchQuery()) == 1
    assert empty.search(SearchQuery()).hits[0].doc["title"] == "民乐县职工书屋开放"


def test_delete_removes_documents(empty: SearchBackend) -> None:
    empty.index_documents(DOCS)
    empty.delete(["acftu-app", "qh-brands", "no-such-id"])
    assert empty.count(SearchQuery()) == len(DOCS) - 2
    assert ids(empty, text="app") == []
    assert ids(empty, text="暖新保") == ["gs-lanzhou"]


def test_rejected_documents_are_reported_with_a_reason(empty: SearchBackend) -> None:
    bad_date = {**BY_ID["gs-minle"], "id": "bad-date-key", "date_key": "soon"}
    no_id = {k: v for k, v in BY_ID["qh-brands"].items() if k != "id"}
    report = empty.index_documents([bad_date, BY_ID["sd-juxian"], no_id])
    assert report.indexed == 1
    assert sorted(doc_id for doc_id, _ in report.errors) == ["?", "bad-date-key"]
    assert all(reason for _, reason in report.errors)
    assert ids(empty) == ["sd-juxian"]


def test_rebuild_keeps_answering_then_switches(empty: SearchBackend) -> None:
    empty.index_documents(DOCS)
    seen_during: list[int] = []

    def replacement() -> Iterator[dict[str, Any]]:
        yield from DOCS[:3]
        seen_during.append(empty.count(SearchQuery()))
        yield BY_ID["acftu-app"]

    report = empty.rebuild(replacement())
    assert (report.indexed, report.errors) == (4, [])
    assert seen_during == [len(DOCS)]  # the old index answered while the new one was written
    assert empty.count(SearchQuery()) == 4
    assert id_set(empty) == {"gs-minle", "qh-brands", "jl-changchun", "acftu-app"}
    assert counts(empty.search(SearchQuery()).facets["province"]) == {
        "甘肃省": 1, "青海省": 1, "吉林省": 1}


def test_failed_rebuild_leaves_the_live_index(empty: SearchBackend) -> None:
    empty.index_documents(DOCS)

    def broken() -> Iterator[dict[str, Any]]:
        yield from DOCS[:2]
        raise RuntimeError("archive read failed")

    with pytest.raises(RuntimeError, match="archive read failed"):
        empty.rebuild(broken())
    assert empty.count(SearchQuery()) == len(DOCS)
    assert id_set(empty, text="暖新保") == {"qh-brands", "gs-lanzhou"}
    empty.index_documents([{**BY_ID["gs-minle"], "title": "still writable"}])
    assert empty.count(SearchQuery()) == len(DOCS)


# -- embedded backend only: files on disk ----------------------------------------------


def test_tantivy_readers_see_other_writers(tmp_path: Path) -> None:
    writer, reader = TantivyBackend(tmp_path / "index"), TantivyBackend(tmp_path / "index")
    assert reader.count(SearchQuery()) == 0
    writer.index_documents(DOCS)
    assert reader.count(SearchQuery()) == len(DOCS)
    writer.rebuild(DOCS[:2])
    assert reader.count(SearchQuery()) == 2
    writer.delete([DOCS[0]["id"]])
    assert reader.count(SearchQuery()) == 1


def test_tantivy_rebuild_leaves_one_generation(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents(DOCS)
    backend.rebuild(DOCS)
    backend.rebuild(DOCS[:5])
    folders = sorted(p.name for p in (tmp_path / "index").iterdir())
    assert len(folders) == 2 and folders[0] == "CURRENT" and folders[1].startswith("gen-")
    assert (tmp_path / "index" / "CURRENT").read_text() == folders[1]


def test_tantivy_damaged_index_is_unavailable_until_rebuilt(tmp_path: Path) -> None:
    TantivyBackend(tmp_path / "index").index_documents(DOCS)
    live = tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text()
    (live / "meta.json").write_text("{ not json")
    backend = TantivyBackend(tmp_path / "index")
    with pytest.raises(BackendUnavailable, match="unionkb reindex"):
        backend.search(SearchQuery())
    backend.rebuild(DOCS)
    assert backend.count(SearchQuery()) == len(DOCS)


def test_tantivy_missing_generation_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "CURRENT").write_text("gen-gone")
    with pytest.raises(BackendUnavailable, match="missing"):
        TantivyBackend(tmp_path / "index").count(SearchQuery())


def test_tantivy_failed_write_releases_the_writer(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")

    def broken() -> Iterator[dict[str, Any]]:
        yield DOCS[0]
        raise RuntimeError("archive read failed")

    with pytest.raises(RuntimeError) as kept:  # the traceback (and its frames) stays alive
        backend.index_documents(broken())
    assert kept.value is not None
    assert backend.count(SearchQuery()) == 0  # rolled back: nothing half-written
    assert backend.index_documents(DOCS).indexed == len(DOCS)


def test_tantivy_writer_held_elsewhere_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tantivy

    monkeypatch.setattr("indexer.search.tantivy_backend.LOCK_WAIT_SECONDS", 0.3)
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents(DOCS[:1])
    live = tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text()
    other = tantivy.Index.open(str(live)).writer(heap_size=15_000_000, num_threads=1)
    with pytest.raises(BackendUnavailable, match="Another process is writing"):
        backend.index_documents(DOCS[1:])
    other.rollback()
    other.wait_merging_threads()
    assert backend.index_documents(DOCS[1:]).indexed == len(DOCS) - 1


@pytest.mark.parametrize("query", [
    SearchQuery(), SearchQuery(text="工会"), SearchQuery(text="驿站 OR 书屋"),
    SearchQuery(filters={"province": ("青海省",)}, date_from="2024"),
    SearchQuery(text="没有这样的文章"),
], ids=repr)
def test_scan_ids_are_the_ids_of_the_scanned_documents(loaded: SearchBackend,
                                                        query: SearchQuery) -> None:
    scanned = [doc["id"] for doc in loaded.scan(query)]
    assert sorted(loaded.scan_ids(query)) == sorted(scanned)
    assert len(scanned) == loaded.count(query)
