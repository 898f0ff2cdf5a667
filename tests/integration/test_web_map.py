"""The map page: provinces shaded for any search, a click zooms into one province's cities."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 30  # seconds: a page load on a busy two-core machine, not a performance bound


def shaded(page: str) -> dict[str, int]:
    """adcode → count of each shaded area of the page's map (the inset left out)."""
    areas = re.findall(r'<path class="map-region shade-(\d)" d="[^"]+" data-adcode="(\d+)" '
                       r'data-name="[^"]*" data-count="(\d+)"', page)
    return {code: int(count) for shade, code, count in areas if shade != "0"}


def test_the_map_shades_the_provinces_of_a_search(corpus_api: httpx.Client) -> None:
    tree = corpus_api.get("/api/regions", params={"q": "保险"}).json()
    page = corpus_api.get("/map", params={"q": "保险"}).text
    assert shaded(page) == {p["region"]["adcode"]: p["count"] for p in tree["provinces"]}
    assert len(re.findall(r'<path class="map-region shade-', page)) >= 33  # every outline
    assert 'id="map-legend"' in page and "南海诸岛" in page
    rows = re.findall(r'<tr data-adcode="(\d+)"><td><a href="[^"]+">([^<]+)</a></td>'
                      r'<td class="num">(\d+)</td>', page)
    assert {(name, int(n)) for _, name, n in rows} == {
        (p["value"], p["count"]) for p in tree["provinces"]}


def test_a_province_zooms_into_its_cities(corpus_api: httpx.Client) -> None:
    tree = corpus_api.get("/api/regions", params={"province": "甘肃省"}).json()
    gansu = next(p for p in tree["provinces"] if p["value"] == "甘肃省")
    cities = {c["region"]["adcode"]: c["count"] for c in gansu["children"]
              if c["region"]["level"] == "city"}
    page = corpus_api.get("/map", params={"province": "甘肃省"}).text
    assert cities and shaded(page) == cities
    assert "显示 甘肃省 各市" in page and 'data-name="民乐县"' in page  # a county point
    back = html.unescape(re.search(r'id="zoom-out" href="([^"]+)"', page)[1])
    assert back == "/map"


def test_a_programmes_map(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/programmes/工会驿站").text
    link = html.unescape(re.search(r'id="map-link" href="([^"]+)"', page)[1])
    assert set(shaded(corpus_api.get(link).text)) == {"620000", "370000", "630000"}


def test_an_empty_search_says_so_on_the_map(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/map", params={"q": "没有这样的词语组合", "province": "海南省"})
    assert page.status_code == 200 and 'id="map-empty"' in page.text


@pytest.mark.browser
def test_click_a_province_on_the_map(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/map")
    wait = WebDriverWait(browser, WAIT)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#map svg")))
    gansu = browser.find_element(By.CSS_SELECTOR, '#map a.map-link path[data-adcode="620000"]')
    assert gansu.is_displayed() and gansu.size["width"] > 40
    labels = browser.find_elements(By.CSS_SELECTOR, "#map text.map-label")
    boxes = [label.rect for label in labels]
    # No two labels overlap (青海 and 甘肃 used to).
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart, (a, b)
    screenshot(browser, "map-provinces")
    browser.execute_script("arguments[0].closest('a').dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true}))", gansu)
    wait.until(EC.url_contains("province="))
    wait.until(EC.presence_of_element_located((By.ID, "zoom-out")))
    cities = browser.find_elements(By.CSS_SELECTOR, "#map path.map-region")
    assert len(cities) >= 10  # 甘肃's 14 cities outlined
    assert browser.find_elements(By.CSS_SELECTOR, '#map circle.map-county[data-name="民乐县"]')
    screenshot(browser, "map-gansu-cities")


@pytest.mark.browser
def test_the_map_is_readable_at_400_pixels(browser, corpus_server, screenshot) -> None:
    browser.set_window_size(400, 1000)
    try:
        browser.get(corpus_server + "/map")
        WebDriverWait(browser, WAIT).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "#map svg")))
        assert browser.find_element(By.CSS_SELECTOR, "#map svg").size["width"] <= 400
        heights = browser.execute_script(
            "return [...document.querySelectorAll('#map text.map-label')]"
            ".map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 9
        legend = browser.find_elements(By.CSS_SELECTOR, "#map-legend li")
        assert legend and all(li.size["height"] >= 12 for li in legend)
        screenshot(browser, "map-400px")
    finally:
        browser.set_window_size(1280, 1000)
