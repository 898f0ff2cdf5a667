"""Entity highlighting and the SVG charts: pure functions of the objects the API returns."""

from __future__ import annotations

import re

import pytest

from web.highlight import entity_spans, highlight, highlighted_article
from web.svg import china_map, project, timeline_chart, timeline_legend

TEXT = "青海省总工会推出“暖新保”,为2万名骑手投保。"
EXTRACTION = {
    "regions": [{"name": "青海省", "mentions": [[0, 3]]}],
    "orgs": [{"name": "青海省总工会", "mentions": [[0, 6]]}],
    "programmes": [{"name": "暖新保", "mentions": [[9, 12]]}],
    "figures": [{"value": 20000, "unit": "名", "metric": "骑手", "start": 15, "end": 18}],
    "people": [{"name": "<script>", "mentions": []}],
}


def test_a_mention_inside_another_is_nested() -> None:
    html = str(highlight(TEXT, 0, len(TEXT), entity_spans(EXTRACTION)))
    assert html.startswith('<mark class="ent ent-org" data-kind="org" title="青海省总工会">'
                           '<mark class="ent ent-region" data-kind="region" title="青海省">'
                           "青海省</mark>总工会</mark>")
    assert '<mark class="ent ent-programme" data-kind="programme" title="暖新保">暖新保</mark>' \
        in html
    assert 'title="骑手 20000 名">2万名</mark>' in html
    assert re.sub(r"<[^>]+>", "", html) == TEXT


def test_crossing_mentions_are_left_out_and_text_is_escaped() -> None:
    text = "a<b>甲乙丙"
    spans = [(4, 6, "org", "x"), (5, 7, "region", "y")]
    html = str(highlight(text, 0, len(text), spans))
    assert html == 'a&lt;b&gt;<mark class="ent ent-org" data-kind="org" title="x">甲乙</mark>丙'


def test_article_parts_are_cut_at_their_offsets() -> None:
    article = {"kicker": "引题", "title": "标题", "subtitle": "", "body": "第一段\n\n第二段青海",
               "extraction": {"regions": [{"name": "青海", "mentions": [[14, 16]]}]}}
    article["text"] = "引题\n标题\n第一段\n\n第二段青海"
    parts = highlighted_article(article)
    assert (str(parts["kicker"]), str(parts["title"]), parts["subtitle"]) == ("引题", "标题", None)
    assert [str(p) for p in parts["paragraphs"]] == [
        "第一段", '第二段<mark class="ent ent-region" data-kind="region" title="青海">青海</mark>']


def test_the_timeline_stacks_groups_and_labels_periods() -> None:
    timeline = {"keys": ["2024", "2025"], "mode": "count", "by": "province",
                "groups": [{"value": "青海省", "count": 3}, {"value": "甘肃省", "count": 1}],
                "buckets": [{"key": "2024", "group": "青海省", "count": 1},
                            {"key": "2025", "group": "青海省", "count": 2},
                            {"key": "2025", "group": "甘肃省", "count": 1}]}
    svg = str(timeline_chart(timeline))
    bars = re.findall(r'<rect class="bar series-(\d)"[^>]*height="([\d.]+)"[^>]*data-key="(\d+)"',
                      svg)
    assert [(series, key) for series, _, key in bars] == [("1", "2024"), ("1", "2025"),
                                                         ("2", "2025")]
    heights = {key: 0.0 for _, _, key in bars}
    for _, height, key in bars:
        heights[key] += float(height)
    assert heights["2025"] == pytest.approx(3 * heights["2024"], abs=0.2)
    assert ">2025</text>" in svg
    legend = str(timeline_legend(timeline))  # HTML, readable whatever the chart's width
    assert re.findall(r'series-(\d)"></span>([^<]+)</li>', legend) == [("1", "青海省"),
                                                                       ("2", "甘肃省")]
    assert str(timeline_chart({"keys": []})) == ""


def test_shares_of_groups_stand_side_by_side_not_stacked() -> None:
    timeline = {"keys": ["2024"], "mode": "share", "by": "province",
                "groups": [{"value": "青海省", "count": 1}, {"value": "甘肃省", "count": 1}],
                "buckets": [{"key": "2024", "group": "青海省", "count": 1, "share": 0.5},
                            {"key": "2024", "group": "甘肃省", "count": 1, "share": 0.25}]}
    svg = str(timeline_chart(timeline))
    bars = re.findall(r'x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    (x1, y1, w1, h1), (x2, y2, _, h2) = [tuple(map(float, b)) for b in bars]
    assert x2 == pytest.approx(x1 + w1) and y1 + h1 == pytest.approx(y2 + h2)  # one base
    assert h1 == pytest.approx(2 * h2, abs=0.2)
    assert ">50.0%</text>" in svg


def test_the_map_places_marks_by_longitude_and_latitude() -> None:
    marks = [{"value": "新疆", "count": 1, "region": {"lon": 87.6, "lat": 43.8}},
             {"value": "海南", "count": 4, "region": {"lon": 110.3, "lat": 20.0}},
             {"value": "无坐标", "count": 9, "region": None}]
    svg = str(china_map(marks))
    circles = re.findall(r'cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" data-name="([^"]+)"', svg)
    by_name = {name: (float(x), float(y), float(r)) for x, y, r, name in circles}
    assert set(by_name) == {"新疆", "海南"}
    assert by_name["新疆"][0] < by_name["海南"][0] and by_name["新疆"][1] < by_name["海南"][1]
    assert by_name["海南"][2] > by_name["新疆"][2]  # more articles, bigger mark
    assert project(73.0, 54.0) == (0.0, 0.0)
