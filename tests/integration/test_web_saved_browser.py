"""The saved-search pages driven in a real headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from indexer.archive import Archive
from indexer.saved_searches import add_saved_search, remove_saved_search
from indexer.search.query import SearchQuery

pytestmark = pytest.mark.browser
WAIT = 30  # seconds: a page load on a busy two-core machine, not a performance bound


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


@pytest.fixture
def saved_id(sample_home):
    with Archive(sample_home.archive_path) as archive:
        saved = add_saved_search(archive, "青海驿站", SearchQuery(
            text="工会驿站", filters={"province": ("青海省",)}))
    yield saved.id
    with Archive(sample_home.archive_path) as archive:
        remove_saved_search(archive, saved.id)


def test_the_list_leads_to_the_saved_search_its_articles_and_its_feed(
    browser, sample_server, saved_id, screenshot
) -> None:
    browser.get(sample_server + "/saved")
    row = wait_for(browser, EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'#saved-list tr[data-id="{saved_id}"]')))
    assert row.find_element(By.CLASS_NAME, "feed").get_attribute("href").endswith(
        f"/api/saved-searches/{saved_id}/feed.atom")
    screenshot(browser, "saved-searches")
    row.find_element(By.CLASS_NAME, "saved-name").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "saved-name")))
    assert browser.find_element(By.ID, "saved-name").text == "青海驿站"
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#hits .hit h3 a")]
    assert int(browser.find_element(By.ID, "total").text) == len(titles) == 1
    assert titles[0].startswith("青海工会打造")
    screenshot(browser, "saved-search")
    browser.find_element(By.ID, "saved-search-link").click()
    wait_for(browser, EC.url_contains("province="))
    assert int(browser.find_element(By.ID, "total").text) == 1


def test_an_unknown_saved_search_is_a_404_page(browser, sample_server) -> None:
    browser.get(sample_server + "/saved/987654")
    assert "找不到这个保存的检索" in browser.find_element(By.TAG_NAME, "main").text
