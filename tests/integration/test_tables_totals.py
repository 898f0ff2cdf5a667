"""The catalogue's reads from ``programme_totals`` and the dated indexes give exactly what
the straightforward queries over every article give, on a generated archive, after
articles are added, removed, derived again and duplicated; counting every printing or
stories (each story's lead), with reprints arriving before and after their lead and
leads moving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from bench.scale_corpus import generate
from indexer.archive import Archive
from indexer.config import Settings
from indexer.ingest import extraction_version, index_pending, reindex, store_articles
from indexer.models import Article
from indexer.search import open_backend
from indexer.search.query import COUNTS, SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from indexer.stories import StoryRef, story_ref
from indexer.tables import programmes
from indexer.tables.programme_details import read_details
from indexer.tables.scope import Scope, complement_scope, facet_scope
from indexer.tables.write import delete_rows
from tests.conftest import LiveServer
from tests.generated_corpus import common_word

ARTICLES = 400


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """Generated reports stored with their known extractions, derived and indexed, and
    three duplicates of them (same text, other ids): duplicates count nowhere."""
    home = tmp_path_factory.mktemp("totals")
    archive = Archive(home / "archive.sqlite3")
    made = list(generate(ARTICLES, seed=3, sources=["grrb", "qhrb"]))
    copies = [(replace(article, id=f"copy-{n}", url=f"https://example.org/copy/{n}"), extraction)
              for n, (article, extraction) in enumerate(made[:3])]
    _store(archive, [*made, *copies])
    backend = TantivyBackend(home / "index")
    index_pending(archive, backend)
    yield archive
    backend.close()
    archive.close()


def _store(archive: Archive, items: list[tuple[Article, dict]]) -> None:
    store_articles([article for article, _ in items], archive, "test")
    for article, extraction in items:
        archive.set_extraction(article.id, extraction, extraction_version())


def straight(scope: Scope) -> Scope:
    """The same scope, read by the queries over its articles."""
    return replace(scope, everything=False, programmes=(), province="")


def reads(archive: Archive, scope: Scope, names: list[str]) -> dict[str, list]:
    return {
        "rows": sorted(programmes.programme_rows(archive, scope, names),
                       key=lambda r: (r.name, r.kind or "")),
        "themes": sorted(programmes.programme_themes(archive, scope, names),
                         key=lambda r: (r.name, r.value)),
        "provinces": sorted(programmes.programme_provinces(archive, scope, names),
                            key=lambda r: (r.name, r.value)),
        "counties": sorted(programmes.programme_counties(archive, scope, names),
                           key=lambda r: (r.name, r.county)),
        "first": sorted(programmes.programme_dates(archive, scope, names),
                        key=lambda r: r.name),
        "last": sorted(programmes.programme_dates(archive, scope, names, last=True),
                       key=lambda r: r.name),
    }


OLDEST = """
SELECT p.name || '/' || e.county, e.article_id, MIN(e.date_key)
FROM entity_articles e JOIN article_programmes p ON p.article_id = e.article_id
WHERE e.canonical = 1 AND e.level = 'county' GROUP BY p.name, e.county
"""


def oldest_per_county(archive: Archive) -> dict[str, str]:
    """Each programme's oldest article per county, as MIN picks it (ties: the first id)."""
    return {key: article_id for key, article_id, _ in archive.db.execute(OLDEST)}


LEAD_OLDEST = OLDEST.replace("e.canonical = 1", "e.canonical = 1 AND e.lead = 1")
OLDEST_IN_PROVINCE = OLDEST.replace("e.canonical = 1", (
    "e.canonical = 1 AND e.article_id IN (SELECT article_id FROM article_facets"
    " WHERE facet = 'province' AND value = ?)"))
PROVINCES = ("青海省", "甘肃省", "山东省")  # the generator's places: all 31 provinces


def assert_fast_equals_straight(archive: Archive) -> None:
    for count in COUNTS:
        assert_counted_alike(archive, count)
    assert oldest_per_county(archive) == dict(archive.db.execute(
        "SELECT name || '/' || value, oldest_id FROM programme_totals WHERE part = 'county'"))
    leads_oldest = {key: article_id for key, article_id, _ in archive.db.execute(LEAD_OLDEST)}
    assert leads_oldest == dict(archive.db.execute(
        "SELECT name || '/' || value, lead_oldest_id FROM programme_totals"
        " WHERE part = 'county' AND lead_articles > 0"))
    assert not archive.db.execute("SELECT 1 FROM programme_totals WHERE lead_articles = 0"
                                  " AND lead_oldest_id IS NOT NULL").fetchall()
    for province in PROVINCES:  # and the oldest of each county among a province's articles
        part = f"county@{province}"
        oldest = {key: article_id for key, article_id, _ in archive.db.execute(
            OLDEST_IN_PROVINCE, (province,))}
        assert oldest and oldest == dict(archive.db.execute(
            "SELECT name || '/' || value, oldest_id FROM programme_totals WHERE part = ?",
            (part,))), province
        leads = {key: article_id for key, article_id, _ in archive.db.execute(
            OLDEST_IN_PROVINCE.replace("e.canonical = 1", "e.canonical = 1 AND e.lead = 1"),
            (province,))}
        assert leads == dict(archive.db.execute(
            "SELECT name || '/' || value, lead_oldest_id FROM programme_totals"
            " WHERE part = ? AND lead_articles > 0", (part,))), province


def assert_counted_alike(archive: Archive, count: str) -> None:
    everything = facet_scope(SearchQuery(count=count))
    assert everything.everything and everything.leads == (count == "stories")
    every_name = sorted({row.name for row in programmes.programme_rows(
        archive, straight(everything))})
    assert len(every_name) > 50
    fast, slow = reads(archive, everything, every_name), reads(archive, straight(everything),
                                                               every_name)
    assert fast == slow
    assert all(fast.values())  # every kind of read found something to compare
    assert sorted(programmes.programme_rows(archive, everything), key=repr) == \
        sorted(programmes.programme_rows(archive, straight(everything)), key=repr)
    assert sorted(programmes.programme_entries(archive, everything), key=repr) == \
        sorted(programmes.programme_entries(archive, straight(everything)), key=repr)
    terms = programmes.programme_terms(archive, everything)
    assert terms and terms == programmes.programme_terms(archive, straight(everything))
    for name in every_name[:20]:
        together = programmes.named_together(archive, everything, name)
        assert name in together
        assert together == programmes.named_together(archive, straight(everything), name)
    for province in PROVINCES:  # a province's catalogue: its own parts of the totals
        scope = facet_scope(SearchQuery(filters={"province": (province,)}, count=count))
        assert scope.province == province and not scope.everything
        ranked = sorted(programmes.programme_rows(archive, scope), key=repr)
        assert ranked and ranked == sorted(programmes.programme_rows(archive, straight(scope)),
                                           key=repr), (province, count)
        names = sorted({row.name for row in ranked})
        fast = reads(archive, scope, names)
        assert fast == reads(archive, straight(scope), names), (province, count)
        assert all(fast.values()), (province, count)
    for name in every_name[:5]:
        scope = facet_scope(SearchQuery(filters={"programme": (name,)}, count=count))
        assert scope.programmes == (name,)
        assert reads(archive, scope, [name]) == reads(archive, straight(scope), [name])
        for limit in (1, 3):  # the programme page's newest mentions: an index walk each
            for covering in (scope, everything):
                walked = newest_mentions(archive, covering, name, limit)
                assert walked and walked == newest_mentions(archive, straight(scope), name,
                                                            limit), (name, count, limit)


def newest_mentions(archive: Archive, scope: Scope, name: str, limit: int) -> list:
    return sorted(programmes.newest_mentions_by_province(archive, scope, name, limit),
                  key=lambda group: group.province or "")


def test_the_totals_equal_the_queries_over_every_article(archive: Archive) -> None:
    assert_fast_equals_straight(archive)
    duplicates = archive.db.execute(
        "SELECT COUNT(*) FROM entity_articles WHERE canonical = 0").fetchone()[0]
    assert duplicates == 3


def test_the_totals_follow_rows_removed_and_derived_again(archive: Archive,
                                                           tmp_path: Path) -> None:
    removed = [f"scale-{n:07d}" for n in range(0, ARTICLES, 7)]
    for article_id in removed:
        delete_rows(archive, article_id)
    assert_fast_equals_straight(archive)
    backend = TantivyBackend(tmp_path / "index")
    index_pending(archive, backend)  # their extractions are still there: derived again
    backend.close()
    marks = ",".join("?" * len(removed))
    derived = archive.db.execute(
        f"SELECT COUNT(*) FROM entity_articles WHERE article_id IN ({marks})", removed
    ).fetchone()[0]
    assert derived == len(removed)
    assert_fast_equals_straight(archive)


def test_a_provinces_oldest_of_a_county_is_found_among_its_articles(archive: Archive,
                                                                    tmp_path: Path) -> None:
    """A county's reports that also name another province: that province's catalogue
    shows the county with its own oldest such report, and when that one goes, the next
    one of the province, not the county's oldest overall (which does not name it)."""
    article, extraction = next(iter(generate(1, seed=11, sources=["grrb"])))
    county = extraction["primary_region"]["county"]
    elsewhere = {"name": "青海省", "level": "province", "province": "青海省",
                 "adcode": "630000", "mentions": []}
    assert extraction["primary_region"]["province"] != "青海省"
    named = {**extraction, "regions": [*extraction["regions"], elsewhere]}
    made = [(replace(article, id=f"county-{n}", date=f"{2001 + n}-03-01", content_hash="",
                     url=f"https://example.org/county/{n}", body=article.body + "。" * n),
             extraction if n == 0 else named) for n in range(3)]
    _store(archive, made)
    backend = TantivyBackend(tmp_path / "index")
    index_pending(archive, backend)
    backend.close()
    name = extraction["programmes"][0]["name"]
    oldest = ("SELECT oldest_id FROM programme_totals WHERE part = ? AND name = ?"
              " AND value = ?")
    assert archive.db.execute(oldest, ("county", name, county)).fetchone()[0] == "county-0"
    assert archive.db.execute(oldest, ("county@青海省", name, county)).fetchone()[0] == "county-1"
    delete_rows(archive, "county-1")
    assert archive.db.execute(oldest, ("county@青海省", name, county)).fetchone()[0] == "county-2"
    assert_fast_equals_straight(archive)


def test_scopes_the_totals_do_not_cover_are_counted_by_query() -> None:
    assert not facet_scope(SearchQuery(filters={"province": ("青海省",)})).covers(["工会驿站"])
    assert not facet_scope(SearchQuery(filters={"programme": ("工会驿站",)}, date_from="2020")
                           ).covers(["工会驿站"])
    by_programme = facet_scope(SearchQuery(filters={"programme": ("工会驿站",)}))
    assert by_programme.covers(["工会驿站"]) and not by_programme.covers(["暖新保"])
    assert not by_programme.covers([])  # every programme of its articles: not the totals


def detail_scopes(archive: Archive) -> dict[str, Scope]:
    """Scopes a catalogue reads its details of in one pass: the totals answer none."""
    ids = [row[0] for row in archive.db.execute(
        "SELECT article_id FROM entity_articles ORDER BY article_id")]
    hits = json.dumps(ids[::3])  # as a search with words hands them over: sorted ids
    theme = archive.db.execute("SELECT value FROM article_facets WHERE facet = 'theme'"
                               " GROUP BY value ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    scopes = {f"everything, {count}": straight(facet_scope(SearchQuery(count=count)))
              for count in COUNTS}
    return {
        **scopes,
        "two provinces": facet_scope(SearchQuery(filters={"province": PROVINCES[:2]})),
        "a theme": facet_scope(SearchQuery(filters={"theme": (theme,)})),
        "dates, stories": facet_scope(SearchQuery(date_from="2012", date_to="2019-06",
                                                  count="stories")),
        "index hits": Scope("SELECT value FROM json_each(?)", (hits,), materialized=True),
    }


def assert_details_read_alike(archive: Archive) -> None:
    for label, scope in detail_scopes(archive).items():
        names = [row.name for row in programmes.programme_rows(archive, scope)]
        assert len(names) >= 15, label  # enough programmes to compare by
        one_pass, part_by_part = read_details(archive, scope, names), reads(archive, scope, names)
        assert part_by_part["counties"] and part_by_part["first"], label
        for part in ("themes", "provinces", "counties", "first", "last"):
            key = (lambda r: r.name) if part in ("first", "last") else (
                lambda r: (r.name, getattr(r, "value", None) or getattr(r, "county", "")))
            assert sorted(getattr(one_pass, part), key=key) == part_by_part[part], (label, part)


def test_a_catalogues_details_in_one_pass_are_those_read_part_by_part(archive: Archive,
                                                                      reprinted) -> None:
    """``indexer.tables.programme_details``: every part, over scopes of filters, dates and
    index hits, with duplicates (this archive) and reprints of stories (``reprinted``)."""
    assert_details_read_alike(archive)
    settings, _ = reprinted
    with Archive(settings.archive_path) as stories:
        assert_details_read_alike(stories)


def test_a_report_without_a_primary_region_counts_for_each_province_it_names(
        tmp_path: Path) -> None:
    """A national round-up (no primary region) naming 青海 and 甘肃 is placed in both, by
    the totals and by the queries over a scope alike."""
    article, extraction = next(iter(generate(1, seed=2, sources=["grrb"])))
    provinces = [{"name": name, "level": "province", "province": name, "adcode": code,
                  "mentions": []} for name, code in (("青海省", "630000"), ("甘肃省", "620000"))]
    round_up = {**extraction, "primary_region": None, "regions": provinces}
    with Archive(tmp_path / "archive.sqlite3") as archive:
        _store(archive, [(article, round_up)])
        backend = TantivyBackend(tmp_path / "index")
        index_pending(archive, backend)
        backend.close()
        name = extraction["programmes"][0]["name"]
        everything = facet_scope(SearchQuery())
        for read in (programmes.programme_provinces(archive, everything, [name]),
                     programmes.programme_provinces(archive, straight(everything), [name]),
                     read_details(archive, straight(everything), [name]).provinces):
            assert sorted((row.value, row.count) for row in read) == [("甘肃省", 1), ("青海省", 1)]


def test_a_county_name_of_two_places_shows_the_region_of_its_oldest_report(tmp_path) -> None:
    """Two 朝阳区: a county's row in the details carries the region of its oldest report;
    of a search's reports, the oldest of those (``zephyr`` is not in the oldest of all)."""
    article, extraction = next(iter(generate(1, seed=5, sources=["grrb"])))
    region = extraction["primary_region"]
    assert region["level"] == "county"
    other = {**region, "adcode": "999999", "city": "另一个市"}
    made = [(replace(article, id=f"twin-{n}", date=date, content_hash="",
                     url=f"https://example.org/twin/{n}",
                     body=article.body + "。" * n + (" zephyr" if n != 1 else "")),
             {**extraction, "primary_region": place})
            for n, (date, place) in enumerate([("2009-05-01", other), ("2003-05-01", region),
                                               ("2015-05-01", other)])]
    with Archive(tmp_path / "archive.sqlite3") as archive:
        _store(archive, made)
        backend = TantivyBackend(tmp_path / "index")
        index_pending(archive, backend)
        name = extraction["programmes"][0]["name"]
        scope = facet_scope(SearchQuery(date_from="2000"))
        for read in (read_details(archive, scope, [name]).counties,
                     programmes.programme_counties(archive, scope, [name])):
            (county,) = [c for c in read if c.county == region["county"]]
            assert county.count == 3 and county.region["adcode"] == region["adcode"]
        words = complement_scope(backend, SearchQuery(text="zephyr"), archive)
        assert words is not None and words.less == ("twin-1",)
        (county,) = [c for c in programmes.programme_counties(archive, words, [name])
                     if c.county == region["county"]]
        assert county.count == 2 and county.region["adcode"] == "999999"
        backend.close()


# -- stories: reprints counted once, by their story's lead ---------------------------------

CLOSING = "当地工会表示将持续做好服务。"


def reprint(article: Article, suffix: str, date: str) -> Article:
    """Another paper's printing of ``article``: a closing line added at the end, so the
    extraction's offsets still hold."""
    return replace(article, id=f"{article.id}-{suffix}", source="qhrb" if article.source ==
                   "grrb" else "grrb", date=date, body=article.body + CLOSING, content_hash="",
                   url=f"https://example.org/{suffix}/{article.id}.html")


def sequel(article: Article, others: list[Article]) -> Article:
    """Another report on what ``article`` reported, two years on: its text followed by that
    of six reports not in the archive, too different to be a printing of any, with its
    places and programmes (the extraction's offsets still hold)."""
    body = article.body + "".join(other.body for other in others)
    return replace(article, id=f"{article.id}-sequel", date=later(later(article.date)),
                   body=body, content_hash="", url=f"https://example.org/sequel/{article.id}")


def later(date: str) -> str:
    return f"{int(date[:4]) + 1}{date[4:]}"  # the generator's days stop at 28: no 29 Feb


def earlier(date: str) -> str:
    return f"{int(date[:4]) - 1}{date[4:]}"


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict]]:
    """Generated reports, some printed again, in two ingests: the first has reprints of
    reports it does not have yet (dated after them: they lead until their report comes);
    the second brings those reports, reprints dated after theirs (never leads) and
    reprints dated before theirs (they take the lead from a report indexed as one), and
    of ten of those a sequel: a later lead of the same county and programmes, which the
    leads' oldest per county must reach past the reprint between them."""
    settings = Settings(home=tmp_path_factory.mktemp("stories"))
    made = list(generate(ARTICLES, seed=5, sources=["grrb", "qhrb"]))
    before, after, taking = made[:30], made[30:60], made[60:90]
    unstored = [article for article, _ in generate(60, seed=6, sources=["grrb"])]
    first = [*made[30:], *[(reprint(a, "early", later(a.date)), x) for a, x in before]]
    second = [*before, *[(reprint(a, "after", later(a.date)), x) for a, x in after],
              *[(reprint(a, "taker", earlier(a.date)), x) for a, x in taking],
              *[(sequel(a, unstored[6 * n:6 * n + 6]), x)
                for n, (a, x) in enumerate(taking[10:20])]]
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    _store(archive, first)
    index_pending(archive, backend)
    leading = {a.id for a, _ in first if story_ref(archive, a.id).lead}
    _store(archive, second)
    index_pending(archive, backend)
    backend.close()
    yield settings, {"first": first, "second": second, "leading": leading,
                     "before": before, "after": after, "taking": taking}
    archive.close()


def test_reprints_are_stories_of_their_report(reprinted) -> None:
    settings, made = reprinted
    with Archive(settings.archive_path) as archive:
        for article, _ in made["before"]:  # led until the report came
            assert f"{article.id}-early" in made["leading"]
            assert not story_ref(archive, f"{article.id}-early").lead
            assert story_ref(archive, article.id).lead
        for article, _ in made["after"]:
            assert not story_ref(archive, f"{article.id}-after").lead
        for article, _ in made["taking"]:  # led, then the earlier reprint took its place
            assert article.id in made["leading"]
            assert story_ref(archive, f"{article.id}-taker").lead
            assert not story_ref(archive, article.id).lead
        for article, _ in made["taking"][10:20]:  # a story of its own
            assert story_ref(archive, f"{article.id}-sequel") == \
                StoryRef(f"{article.id}-sequel", True)
        # the rows were derived again with the flags the stories have now
        flags = dict(archive.db.execute("SELECT article_id, lead FROM entity_articles"))
        assert all(flags[i] == story_ref(archive, i).lead for i in flags)
        assert sum(1 for lead in flags.values() if not lead) == 90


def test_the_totals_count_stories_as_the_queries_do(reprinted) -> None:
    settings, made = reprinted
    with Archive(settings.archive_path) as archive:
        assert_fast_equals_straight(archive)
        stories = facet_scope(SearchQuery(count="stories"))
        printings = facet_scope(SearchQuery(count="printings"))
        leads = sum(r.articles for r in programmes.programme_rows(archive, stories))
        every = sum(r.articles for r in programmes.programme_rows(archive, printings))
        assert leads < every  # the 90 reprints count under printings only


def test_the_stories_totals_follow_rows_removed_and_derived_again(reprinted) -> None:
    settings, made = reprinted
    with Archive(settings.archive_path) as archive:
        removed = [*(a.id for a, _ in made["taking"][:10]),  # reprints now
                   *(f"{a.id}-taker" for a, _ in made["taking"][10:20]),  # leads
                   *(a.id for a, _ in made["first"][100:140])]
        for article_id in removed:
            delete_rows(archive, article_id)
        assert_fast_equals_straight(archive)
        backend = open_backend(settings)
        index_pending(archive, backend)  # their extractions are still there: derived again
        backend.close()
        assert_fast_equals_straight(archive)


def catalogue(api: httpx.Client, **params: str) -> dict:
    response = api.get("/api/programmes", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_api_answers_from_the_totals_as_it_counts(reprinted) -> None:
    """Undated, the catalogue and similar programmes read the totals; with a date range
    holding every article they count the same articles by query."""
    settings, _ = reprinted
    every_date = {"date_from": "1900-01-01"}
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=60) as api:
        for count in COUNTS:
            for order in ("articles", "oldest", "newest"):
                fast = catalogue(api, count=count, order=order)
                assert fast["total"] > 50
                assert fast == catalogue(api, count=count, order=order, **every_date)
            name = fast["programmes"][0]["name"]
            path = f"/api/programmes/{name}/similar"
            similar = api.get(path, params={"count": count}).json()
            assert similar["similar"]
            assert similar == api.get(path, params={"count": count, **every_date}).json()
        stories, printings = catalogue(api), catalogue(api, count="printings")
        assert sum(p["articles"] for p in stories["programmes"]) < \
            sum(p["articles"] for p in printings["programmes"])


# -- a search whose words match most of a scope: its totals less the articles without them


def similar_reads(archive: Archive, scope: Scope, names: list[str]) -> dict:
    return {
        "entries": sorted(programmes.programme_entries(archive, scope),
                          key=lambda r: (r[0], r[1] or "")),
        "terms": programmes.programme_terms(archive, scope),
        "together": [programmes.named_together(archive, scope, name) for name in names],
    }


def assert_complement_counts_as_the_hits(archive: Archive, backend) -> None:
    """Over the whole archive and over one province, by stories and by printings, the
    catalogue's reads of the complement's scope equal those over the index's hits, and
    the walks met a left-out article: a county's oldest, a first or a last."""
    walked_past = 0
    busiest = archive.db.execute("SELECT value FROM article_facets WHERE facet = 'province'"
                                 " GROUP BY value ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    for count in COUNTS:
        for filters in ({}, {"province": (busiest,)}):
            bare = SearchQuery(filters=filters, count=count)
            query = replace(bare, text=common_word(backend, bare))
            scope = complement_scope(backend, query, archive)
            assert scope is not None and scope.less, (count, filters)
            hits = Scope("SELECT value FROM json_each(?)",
                         (json.dumps(sorted(backend.scan_ids(query))),), materialized=True)
            names = [row.name for row in programmes.programme_rows(archive, hits)]
            assert len(names) > 5, (count, filters)
            assert reads(archive, scope, names) == reads(archive, hits, names), (count, filters)
            if not filters:  # what similar programmes read (kept for the whole archive)
                assert similar_reads(archive, scope, names) == similar_reads(
                    archive, hits, names), count
            read = reads(archive, straight(scope.whole), names)
            left_out = set(scope.less)
            walked_past += sum(row.article.id in left_out
                               for row in (*read["first"], *read["last"]))
            oldest = oldest_per_county(archive)
            walked_past += sum(oldest.get(f"{row.name}/{row.county}") in left_out
                               for row in read["counties"])
    assert walked_past > 0


def test_words_matching_most_of_a_scope_are_its_totals_less_the_rest(
        archive: Archive, reprinted, tmp_path: Path) -> None:
    """``complement_scope``: with duplicates (this archive) and reprints (``reprinted``),
    each with an index of its own (the tests above index into others)."""
    settings, _ = reprinted
    with Archive(settings.archive_path) as stories:
        for label, tables in (("duplicates", archive), ("reprints", stories)):
            backend = TantivyBackend(tmp_path / label)
            reindex(tables, backend)
            try:
                assert_complement_counts_as_the_hits(tables, backend)
            finally:
                backend.close()


def test_the_complement_is_not_used_while_the_index_lacks_articles(tmp_path: Path) -> None:
    """Derived and not yet indexed (between the two in a batch, or while a rebuild goes
    to another index), an article would count as matching the words."""
    archive, backend = Archive(tmp_path / "archive.sqlite3"), TantivyBackend(tmp_path / "index")
    made = list(generate(120, seed=8, sources=["grrb"]))
    _store(archive, made[:100])
    index_pending(archive, backend)
    query = SearchQuery(text=common_word(backend, SearchQuery()))
    assert complement_scope(backend, query, archive) is not None
    assert complement_scope(backend, replace(query, text="氢能重卡"), archive) is None  # rare
    _store(archive, made[100:])
    elsewhere = TantivyBackend(tmp_path / "elsewhere")  # their rows derived, not in ours
    index_pending(archive, elsewhere)
    elsewhere.close()
    assert complement_scope(backend, query, archive) is None
    reindex(archive, backend)
    assert complement_scope(backend, query, archive) is not None
    backend.close()
    archive.close()


def test_the_api_counts_words_in_most_reports_as_it_counts_their_hits(reprinted) -> None:
    """Over HTTP, a catalogue over words in most reports (the totals less the others) is
    the one over the same hits with a date range holding every article (counted by query
    over the hits), in every order and count, a page of it too."""
    settings, _ = reprinted
    backend = open_backend(settings)
    with Archive(settings.archive_path) as archive:
        word = common_word(backend, SearchQuery())
        assert complement_scope(backend, SearchQuery(text=word), archive) is not None
        assert complement_scope(backend, SearchQuery(text=word, date_from="1900"),
                                archive) is None
    backend.close()
    every_date = {"date_from": "1900-01-01"}
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=60) as api:
        for count in COUNTS:
            for order in ("articles", "oldest", "newest"):
                fast = catalogue(api, q=word, count=count, order=order)
                assert fast["total"] > 20
                assert fast == catalogue(api, q=word, count=count, order=order, **every_date)
            assert catalogue(api, q=word, count=count, page="2", size="10") == catalogue(
                api, q=word, count=count, page="2", size="10", **every_date)


def listed_scopes(archive: Archive) -> dict[str, Scope]:
    """A scope of each way the tables answer one: the totals (everything, a province),
    index hits, and the totals less a quarter of their articles."""
    ids = [row[0] for row in archive.db.execute(
        "SELECT article_id FROM entity_articles WHERE canonical = 1 ORDER BY article_id")]
    busiest = archive.db.execute("SELECT value FROM article_facets WHERE facet = 'province'"
                                 " GROUP BY value ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    return {
        **{f"everything, {count}": facet_scope(SearchQuery(count=count)) for count in COUNTS},
        "a province": facet_scope(SearchQuery(filters={"province": (busiest,)})),
        "index hits": Scope("SELECT value FROM json_each(?)", (json.dumps(ids[::3]),),
                            materialized=True),
        "all but a quarter": Scope.all_but(facet_scope(SearchQuery()), ids[::4]),
    }


def busiest_first(row: programmes.CountyCount) -> tuple:
    return row.name, -row.count, row.county


@pytest.mark.parametrize("listed", [1, 3])
def test_a_pages_counties_are_the_busiest_of_them_all_with_their_number(
        archive: Archive, listed: int) -> None:
    """``programme_details(counties=n)``: each programme's n most reported counties (by
    count, then name; ranked in SQLite over the totals) with their regions, and how many
    counties it has, are those of every county read; the other parts are unchanged."""
    from indexer.tables.programme_details import programme_details

    for label, scope in listed_scopes(archive).items():
        names = [row.name for row in programmes.programme_rows(archive, scope)][:20]
        every = programme_details(archive, scope, names)
        cut = programme_details(archive, scope, names, counties=listed)
        by_name: dict[str, list] = {}
        for row in every.counties:
            by_name.setdefault(row.name, []).append(row)
        assert any(len(rows) > listed for rows in by_name.values()), label
        expected = sorted((row for rows in by_name.values() for row in sorted(
            rows, key=busiest_first)[:listed]), key=busiest_first)
        assert sorted(cut.counties, key=busiest_first) == expected, label
        assert cut.county_numbers == {name: len(rows) for name, rows in by_name.items()}, label
        for part in ("themes", "provinces", "first", "last"):
            assert getattr(cut, part) == getattr(every, part), (label, part)


def test_a_similarity_model_over_words_in_most_reports_is_the_whole_less_the_others(
        reprinted) -> None:
    """``similarity_model`` over a common word: the whole archive's contexts (kept) less
    those of the reports without the word, as the model over the same hits counts them."""
    from api.services import open_services
    from api.services.programmes import similarity_model, whole_contexts

    settings, _ = reprinted
    services = open_services(settings)
    try:
        word = common_word(services.backend, SearchQuery())
        for count in COUNTS:
            query = SearchQuery(text=word, count=count)
            model = similarity_model(services, query)
            assert model.scope is not None and model.scope.whole is not None, count
            straight = similarity_model(services, replace(query, date_from="1900"))
            assert straight.scope is not None and straight.scope.whole is None, count
            assert model.contexts == straight.contexts, count
            assert model.vectors.keys() == straight.vectors.keys()
            for name, vector in model.vectors.items():
                assert vector == pytest.approx(straight.vectors[name]), (count, name)
            whole = whole_contexts(services, count)
            assert model.contexts != whole and len(model.contexts) <= len(whole), count
            assert whole == similarity_model(services, SearchQuery(count=count)).contexts
    finally:
        services.close()
