"""The article page: its citation as the export writes it, and every entity linked."""

from __future__ import annotations

import csv
import html
import io
import re

import httpx

ARTICLE = "qh-2024-nuanxinbao"


def test_the_citation_is_the_exports(corpus_api: httpx.Client) -> None:
    page = corpus_api.get(f"/articles/{ARTICLE}").text
    gbt = html.unescape(re.search(r'<pre id="citation-gbt7714">([^<]+)</pre>', page)[1])
    export = corpus_api.get("/api/export", params={"format": "csv", "programme": "暖新保"})
    rows = csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))
    exported = next(r for r in rows if r["id"] == ARTICLE)
    assert gbt == exported["citation"] and "[N" in gbt and "工人日报" in gbt
    ris = html.unescape(re.search(r'<pre id="citation-ris">([^<]+)</pre>', page)[1])
    assert ris.startswith("TY  - NEWS") and f"ID  - {ARTICLE}" in ris and "KW  - 暖新保" in ris


def test_every_region_and_person_links_to_a_page_finding_the_article(corpus_api) -> None:
    page = corpus_api.get(f"/articles/{ARTICLE}").text
    panel = page.split('id="panel-regions"')[1].split("</section>")[0]
    links = [html.unescape(h) for h in re.findall(r'class="region-link" href="([^"]+)"', panel)]
    people = [html.unescape(h) for h in re.findall(r'class="person" href="([^"]+)"', page)]
    assert links and people
    for link in links:
        found = corpus_api.get("/api/search" + link[1:], params={"size": 100}).json()
        assert ARTICLE in {h["id"] for h in found["hits"]}, link
    for link in people:  # a person's page: /people/NAME, its data at /api/people/NAME
        person = corpus_api.get("/api" + link).json()
        assert ARTICLE in {a["id"] for a in person["recent"]}, link
    orgs = re.findall(r'<a href="(/\?org=[^"]+)"', page)
    programmes = re.findall(r'<a href="(/programmes/[^"]+)"', page)
    assert orgs and programmes
    assert all(corpus_api.get(html.unescape(p)).status_code == 200 for p in programmes)
