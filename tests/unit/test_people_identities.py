"""People of one name kept apart by what the archive says of them: role and place."""

from __future__ import annotations

from api.analytics.people import PersonArticle, identities
from indexer.tables.articles import ArticleFacts


def mention(id: str, source: str, province: str | None, *roles: str,
            titles: tuple[str, ...] = ()) -> PersonArticle:
    facts = ArticleFacts(id=id, title=id, date=f"2025-0{len(id) % 9 + 1}-01", year="2025",
                         source=source, page=None, url=None, primary_region=None)
    return PersonArticle(facts, province, roles, titles)


def test_a_reporter_is_one_person_wherever_the_report_is_from() -> None:
    groups = identities([mention("a", "工人日报", "甘肃省", "reporter"),
                         mention("b", "工人日报", "青海省", "reporter")])
    assert [(g.role, g.place, len(g.articles)) for g in groups] == [("byline", "工人日报", 2)]


def test_the_same_name_in_other_roles_and_places_is_kept_apart() -> None:
    groups = identities([
        mention("a", "工人日报", "甘肃省", "reporter"),
        mention("b", "甘肃工人报", "甘肃省", "official", titles=("主席",)),
        mention("c", "工人日报", "甘肃省", "official", titles=("副主席",)),
        mention("d", "工人日报", "山东省", "official"),
        mention("e", "工人日报", None, "worker"),
    ])
    assert [(g.role, g.place, len(g.articles)) for g in groups] == [
        ("official", "甘肃省", 2), ("byline", "工人日报", 1), ("official", "山东省", 1),
        ("worker", None, 1)]
    gansu = groups[0].to_dict()
    assert gansu["titles"] == [{"value": "主席", "count": 1}, {"value": "副主席", "count": 1}]
    assert gansu["article_ids"] == ["b", "c"]


def test_one_article_naming_a_person_twice_counts_in_each_of_their_roles() -> None:
    groups = identities([mention("a", "工人日报", "甘肃省", "reporter", "official")])
    assert {(g.role, g.place) for g in groups} == {("byline", "工人日报"), ("official", "甘肃省")}
