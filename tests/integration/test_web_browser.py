"""The search and article pages driven in a real headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser
WAIT = 30  # seconds: a page load on a busy two-core machine, not a performance bound


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def total(browser) -> int:
    return int(browser.find_element(By.ID, "total").text)


def facet_count(browser, facet: str, value: str) -> int:
    link = browser.find_element(
        By.CSS_SELECTOR, f'a.facet-value[data-facet="{facet}"][data-value="{value}"]')
    return int(link.find_element(By.CLASS_NAME, "count").text)


def test_search_click_facets_and_open_an_article(browser, sample_server, screenshot) -> None:
    browser.get(sample_server + "/")
    wait_for(browser, EC.presence_of_element_located((By.ID, "q")))
    assert total(browser) == 7
    box = browser.find_element(By.ID, "q")
    box.send_keys("工会驿站", Keys.ENTER)
    wait_for(browser, EC.url_contains("q="))
    everywhere = total(browser)
    assert everywhere == 3
    assert facet_count(browser, "year", "2025") == everywhere
    screenshot(browser, "search-query")

    browser.find_element(
        By.CSS_SELECTOR, 'a.facet-value[data-facet="province"][data-value="青海省"]').click()
    wait_for(browser, EC.url_contains("province="))
    assert total(browser) == 1
    assert facet_count(browser, "year", "2025") == 1  # other facets follow the filter
    assert facet_count(browser, "province", "甘肃省") == 1  # its own facet does not
    selected = browser.find_element(By.CSS_SELECTOR, ".facet li.selected .value").text
    assert selected == "青海省"
    marks = browser.find_elements(By.CSS_SELECTOR, "#hits .snippet mark")
    assert marks and {m.text for m in marks} <= {"工会驿站", "工会", "驿站"}
    screenshot(browser, "search-facet-qinghai")

    browser.find_element(By.CSS_SELECTOR, "#hits .hit h3 a").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "article")))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("青海工会打造")
    programmes = browser.find_elements(By.CSS_SELECTOR, "#body mark.ent-programme")
    assert "暖新保" in {m.text for m in programmes}
    assert browser.find_elements(By.CSS_SELECTOR, "#panel-figures tbody tr")
    screenshot(browser, "article-qinghai")


def test_unticking_a_facet_restores_the_counts(browser, sample_server) -> None:
    browser.get(sample_server + "/?q=工会驿站&province=青海省&province=甘肃省")
    wait_for(browser, EC.presence_of_element_located((By.ID, "total")))
    assert total(browser) == 2
    chip = browser.find_elements(By.CSS_SELECTOR, ".active-filters .chip")
    assert len(chip) == 2
    chip[0].click()
    wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".active-filters .chip")) == 1)
    assert total(browser) == 1


def test_the_openapi_page_renders_offline(browser, sample_server, screenshot) -> None:
    browser.get(sample_server + "/docs")
    wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#swagger-ui .opblock")))
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/api/search", "/api/compare", "/api/figures/check", "/healthz"} <= paths
    screenshot(browser, "openapi-docs")
