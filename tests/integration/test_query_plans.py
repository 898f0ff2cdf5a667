"""Reads made on every request use an index, never a pass over every article: a search's
"also printed in" and a ledger row's copies cost the same in a million-article archive
as in the sample (the plans SQLite makes for them are read, not their times)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace

from indexer.archive import Archive
from indexer.config import Settings
from indexer.stories import printings

FULL_SCAN = re.compile(r"^SCAN (articles|a)\b(?! USING (COVERING )?INDEX)")


def plans_of(archive: Archive, read: Callable[[], object]) -> list[str]:
    return [step for plan in statement_plans(archive, read) for step in plan]


def statement_plans(archive: Archive, read: Callable[[], object]) -> list[list[str]]:
    """The plan of each SELECT that ``read`` runs, a list of steps each."""
    statements: list[str] = []
    archive.db.set_trace_callback(statements.append)
    try:
        read()
    finally:
        archive.db.set_trace_callback(None)
    return [[row[3] for row in archive.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
            for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def over_hits(plans: list[list[str]]) -> list[list[str]]:
    """The plans that read a scope of index hits (a JSON list of ids)."""
    return [plan for plan in plans if any(step.startswith("SCAN json_each") for step in plan)]


def test_a_pages_printings_are_found_by_index(sample_home: Settings) -> None:
    from api.analytics.figures import exact_copies

    archive = Archive(sample_home.archive_path)
    try:
        ids = [row[0] for row in archive.db.execute("SELECT id FROM articles LIMIT 5")]
        stories = [row[0] for row in archive.db.execute(
            "SELECT story_id FROM article_stories LIMIT 5")]
        assert ids and stories
        for read in (lambda: printings(archive, stories),
                     lambda: exact_copies(archive, set(ids))):
            plans = plans_of(archive, read)
            assert plans and not [p for p in plans if FULL_SCAN.match(p)], plans
    finally:
        archive.close()


# A pass over a table's rows, or over every canonical article: what the totals spare.
TABLE_SCAN = re.compile(r"^SCAN (?!json_each|entity_tables_state)"
                        r"|^SEARCH \w+ USING (COVERING )?INDEX \w+ \(canonical=\?\)$")


def test_the_catalogue_and_similar_programmes_counting_stories_read_no_article(
        corpus_home: Settings) -> None:
    """The first screen of the catalogue and a programme's similar ones, as the API asks
    for them (stories), are read from the totals and the dated indexes."""
    from api.analytics.catalogue import catalogue_entries, ordered_programmes, ranked_programmes
    from api.analytics.places import RegionIndex
    from api.analytics.similar import named_together, programme_contexts
    from indexer.nlp.gazetteer import gazetteer
    from indexer.search.query import SearchQuery
    from indexer.tables.scope import facet_scope

    archive = Archive(corpus_home.archive_path)
    try:
        scope = facet_scope(SearchQuery(count="stories"))

        def first_screen() -> None:
            ranked = ordered_programmes(archive, scope, ranked_programmes(archive, scope),
                                        "newest")
            assert ranked
            catalogue_entries(archive, scope, RegionIndex(gazetteer()), ranked[:20])
            assert named_together(archive, scope, ranked[0].name)
            assert programme_contexts(archive, scope)

        plans = plans_of(archive, first_screen)
        assert plans and not [p for p in plans if TABLE_SCAN.match(p)], plans
        # a province's catalogue too: its own parts of the totals, and walks for its dates
        province = facet_scope(SearchQuery(count="stories", filters={"province": ("甘肃省",)}))
        ranked = ranked_programmes(archive, province)
        assert ranked
        plans = plans_of(archive, lambda: catalogue_entries(
            archive, province, RegionIndex(gazetteer()), ranked[:20]))
        assert plans and not [p for p in plans if TABLE_SCAN.match(p)], plans
        assert not [p for p in plans_of(archive, lambda: ranked_programmes(archive, province))
                    if TABLE_SCAN.match(p) or "article_facets" in p]
        straight = plans_of(archive, lambda: ranked_programmes(
            archive, replace(scope, everything=False)))
        assert [p for p in straight if TABLE_SCAN.match(p)], straight  # what the pattern catches
    finally:
        archive.close()


def test_a_programme_pages_newest_mentions_are_walks_of_an_index(corpus_home: Settings) -> None:
    """Per province, the newest mentions are read down ``programme_mentions_newest`` (no
    sort of every mention of the programme, however many there are); counted stories
    too. Read over a scope that is not every article naming it, the same answer sorts."""
    from api.analytics.catalogue import named_scope
    from indexer.tables.programmes import newest_mentions_by_province

    archive = Archive(corpus_home.archive_path)
    try:
        for scope in (named_scope("工会驿站"), replace(named_scope("工会驿站"), leads=True)):
            plans = plans_of(archive, lambda scope=scope: newest_mentions_by_province(
                archive, scope, "工会驿站", 2))
            assert plans and not [p for p in plans if TABLE_SCAN.match(p) or "TEMP B-TREE" in p
                                  ], plans
            assert any("programme_mentions_newest" in p for p in plans), plans
            # the counts per province read the index alone, not a row per mention
            assert any("COVERING INDEX programme_mentions_newest" in p for p in plans), plans
        straight = plans_of(archive, lambda: newest_mentions_by_province(
            archive, replace(named_scope("工会驿站"), programmes=()), "工会驿站", 2))
        assert any("TEMP B-TREE" in p for p in straight), straight  # what the test catches
    finally:
        archive.close()


def test_compares_key_figures_of_a_province_are_a_walk_of_an_index(corpus_home: Settings
                                                                     ) -> None:
    """A province column's newest figures are read down ``figures_province_newest`` to
    the cap, not every figure of the province sorted first (the shown groups' rows,
    read by key afterwards, are sorted: a few dozen)."""
    from api.analytics.compare import key_figures
    from api.services import open_services
    from indexer.search.query import SearchQuery

    services = open_services(corpus_home)
    try:
        for count in ("printings", "stories"):
            column = SearchQuery(filters={"province": ("甘肃省",)}, count=count)
            plans = statement_plans(services.archive, lambda column=column: key_figures(
                services.backend, services.archive, column, "甘肃省"))
            [walk] = [plan for plan in plans if any("figures_province_newest" in step
                                                     for step in plan)]
            assert not [p for p in walk if "TEMP B-TREE" in p or TABLE_SCAN.match(p)], walk
    finally:
        services.close()


def test_a_catalogues_details_over_index_hits_read_the_hits_once(corpus_home: Settings) -> None:
    """Themes, provinces, counties, first and last of the shown programmes over a search
    with words: one statement, one pass over the hits (``programme_details``), where the
    reads part by part make five."""
    from indexer.tables.programme_details import read_details
    from indexer.tables.programmes import programme_rows
    from indexer.tables.scope import Scope

    archive = Archive(corpus_home.archive_path)
    try:
        ids = [row[0] for row in archive.db.execute(
            "SELECT article_id FROM entity_articles ORDER BY article_id")]
        hits = Scope("SELECT value FROM json_each(?)", (json.dumps(ids),), materialized=True)
        names = [row.name for row in programme_rows(archive, hits)][:20]
        assert names
        plans = statement_plans(archive, lambda: read_details(archive, hits, names))
        [read] = over_hits(plans)
        assert sum(step == "SCAN scope" for step in read) == 1, read
        assert "MATERIALIZE shown" in read, read
    finally:
        archive.close()


def test_a_search_matching_most_articles_reads_the_totals_and_the_others(
        corpus_home: Settings) -> None:
    """A catalogue over words in most of the archive (``complement_scope``): the totals,
    less the rows of the articles without the words, read by key from their list."""
    from api.analytics.catalogue import catalogue_entries, ordered_programmes, ranked_programmes
    from api.analytics.places import RegionIndex
    from indexer.nlp.gazetteer import gazetteer
    from indexer.search.query import SearchQuery
    from indexer.tables.scope import Scope, facet_scope

    archive = Archive(corpus_home.archive_path)
    try:
        ids = [row[0] for row in archive.db.execute(
            "SELECT article_id FROM entity_articles WHERE canonical = 1 AND lead = 1"
            " ORDER BY article_id")]
        scope = Scope.all_but(facet_scope(SearchQuery(count="stories")), ids[::4])

        def first_screen() -> None:
            ranked = ordered_programmes(archive, scope, ranked_programmes(archive, scope),
                                        "newest")
            assert ranked
            catalogue_entries(archive, scope, RegionIndex(gazetteer()), ranked[:20])

        plans = plans_of(archive, first_screen)
        assert "SCAN j VIRTUAL TABLE INDEX 1:" in plans, plans  # the list of the others
        # passes over the list, the scope made of it and their rows (``shown`` and its
        # groups, in one pass); none over a table
        theirs = re.compile(r"^SCAN (j VIRTUAL TABLE INDEX 1:|scope|s|\(subquery-\d+\))$")
        assert not [p for p in plans if TABLE_SCAN.match(p) and not theirs.match(p)], plans
    finally:
        archive.close()


def test_a_ledger_over_index_hits_counts_in_one_pass_and_probes_the_pages_groups(
        corpus_home: Settings) -> None:
    """The ledger of a search with words: its counts are one statement over the hits'
    figures (``selection_counts``), and the groups of a page's rows are found by
    ``figures_group``, each member checked against the hits, not every hit's figures
    joined to find a handful."""
    from api.analytics.figures import comparison_key, figure_rows, flag_page
    from indexer.tables.figures import LEDGER_ORDER, Selection, ledger_selection, selection_counts
    from indexer.tables.scope import Scope

    archive = Archive(corpus_home.archive_path)
    try:
        ids = [row[0] for row in archive.db.execute(
            "SELECT article_id FROM entity_articles ORDER BY article_id")]
        hits = Scope("SELECT value FROM json_each(?)", (json.dumps(ids),), materialized=True)
        selection = ledger_selection(hits)
        plans = over_hits(statement_plans(
            archive, lambda: selection_counts(archive, selection, Selection(None))))
        assert len(plans) == 1 and "MATERIALIZE picked" in plans[0], plans
        assert sum(step == "SCAN scope" for step in plans[0]) == 1, plans
        rows = list(figure_rows(archive, selection, LEDGER_ORDER, limit=20))
        assert any(comparison_key(row) for row in rows)
        [probe] = over_hits(statement_plans(archive,
                                            lambda: flag_page(archive, selection, rows)))
        assert any("USING INDEX figures_group" in step for step in probe), probe
        assert not [step for step in probe if "PRIMARY KEY (article_id=?)" in step
                    and step.startswith("SEARCH f")], probe
    finally:
        archive.close()
