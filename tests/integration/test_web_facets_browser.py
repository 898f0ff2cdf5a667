"""A facet's "更多" link and filter box, driven in a real headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.browser
WAIT = 30  # seconds: a page load on a busy two-core machine, not a performance bound


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def shown_values(browser) -> dict[str, int]:
    items = browser.find_elements(By.CSS_SELECTOR, "#facet-values a.facet-value")
    return {a.get_attribute("data-value"): int(a.find_element(By.CLASS_NAME, "count").text)
            for a in items}


def test_more_pages_through_every_value_and_ticks_one_beyond_the_sidebar(
    browser, sample_server, screenshot
) -> None:
    browser.get(sample_server + "/")
    section = wait_for(browser, EC.presence_of_element_located(
        (By.CSS_SELECTOR, 'section.facet[data-facet="programme"]')))
    sidebar = {a.get_attribute("data-value")
               for a in section.find_elements(By.CSS_SELECTOR, "a.facet-value")}
    section.find_element(By.CLASS_NAME, "facet-more").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "facet-values")))
    total = int(browser.find_element(By.ID, "facet-total").text)
    first = shown_values(browser)
    assert set(first) == sidebar and total > len(first)
    browser.find_element(By.CSS_SELECTOR, '#facet-pager a[rel="next"]').click()
    wait_for(browser, EC.url_contains("offset="))
    second = shown_values(browser)
    assert second and not set(second) & set(first)
    screenshot(browser, "facet-programme-page-2")
    value, count = next(iter(second.items()))
    browser.find_element(By.CSS_SELECTOR, f'#facet-values a[data-value="{value}"]').click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "total")))
    assert int(browser.find_element(By.ID, "total").text) == count
    # Beyond the sidebar's cut, the ticked value shows as a chip above the hits, with its ✕.
    chips = [c.get_attribute("value") for c in browser.find_elements(
        By.CSS_SELECTOR, ".active-filters .chip")]
    assert chips == [f"programme:{value}"]


def test_the_sidebar_filter_box_lists_the_values_containing_the_text(
    browser, sample_server, screenshot
) -> None:
    browser.get(sample_server + "/?q=工会")
    box = wait_for(browser, EC.presence_of_element_located((By.ID, "facet-find-text")))
    Select(browser.find_element(By.ID, "facet-find-facet")).select_by_value("programme")
    box.send_keys("服务", Keys.ENTER)
    wait_for(browser, EC.url_contains("contains="))
    found = shown_values(browser)
    assert found and all("服务" in value for value in found)
    assert int(browser.find_element(By.ID, "facet-total").text) == len(found)
    assert "q=" in browser.find_element(By.ID, "back-to-search").get_attribute("href")
    screenshot(browser, "facet-programme-contains")
