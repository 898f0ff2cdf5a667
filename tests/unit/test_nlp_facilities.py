"""Facility kinds: a facility head noun with its modifier, read by words, with its count."""

from __future__ import annotations

from indexer.nlp.facilities import extract_facilities
from indexer.nlp.figures import extract_figures
from indexer.nlp.pipeline import extract
from indexer.nlp.regions import extract_regions


def facilities(text: str) -> dict[str, dict | None]:
    regions = extract_regions(text)
    found = extract_facilities(text, regions, extract_figures(text, regions))
    return {f["name"]: f["count"] and (f["count"]["value"], f["count"]["unit"]) for f in found}


def test_the_kind_is_the_whole_phrase_without_place_verb_or_scope():
    assert facilities("福建省新建工会驿站112个,全省职工书屋7100多家。") == {
        "工会驿站": (112, "个"), "职工书屋": (7100, "家")}


def test_kinds_listed_together_and_a_longer_head():
    text = "司机之家、爱心驿站和户外劳动者服务站点遍布全市。"
    assert facilities(text) == {"司机之家": None, "爱心驿站": None, "户外劳动者服务站点": None}


def test_a_head_alone_names_no_kind():
    assert facilities("驿站也建了,书屋也有了。") == {}


def test_quoted_kinds_and_their_mentions():
    text = "建成“职工之家”“职工小家”47个,职工之家覆盖全县。"
    found = {f["name"]: f["mentions"] for f in extract_facilities(text)}
    assert found == {"职工之家": [[3, 7], [18, 22]], "职工小家": [[9, 13]]}
    assert all(text[s:e] == name for name, spans in found.items() for s, e in spans)


def test_the_pipeline_gives_facilities():
    assert [f["name"] for f in extract("县总工会打造工会驿站33个。")["facilities"]] == ["工会驿站"]


def test_a_quoted_facility_kind_stays_in_the_programme_facet():
    # REAL2.md makes “工会驿站” a facility, not a programme; the 项目品牌 facet still holds
    # it where the report quotes it, and not a facility kind it only mentions.
    from indexer.models import Article
    from indexer.search.facets import FACETS_BY_NAME

    body = "县总工会新建“工会驿站”12个,开展“金秋助学”活动,职工书屋覆盖全县。"
    article = Article(id="t1", source="test", title="标题", body=body)
    extraction = extract(article.text)
    assert "工会驿站" not in {p["name"] for p in extraction["programmes"]}
    values = FACETS_BY_NAME["programme"].values(article, extraction)
    assert "工会驿站" in values and "金秋助学" in values and "职工书屋" not in values
