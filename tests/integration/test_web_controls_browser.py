"""The analysis pages' controls in a real headless Chromium, at desktop and phone width."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.browser
WAIT = 30  # seconds: a page load on a busy two-core machine, not a performance bound
PHONE, DESKTOP = (400, 1000), (1280, 1000)


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def rendered_px(browser, css: str) -> list[float]:
    """The height on screen of each element's box (text: its line), in CSS pixels."""
    return browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])]"
        ".map(e => e.getBoundingClientRect().height)", css)


@pytest.fixture
def phone(browser):
    browser.set_window_size(*PHONE)
    yield browser
    browser.set_window_size(*DESKTOP)


def test_the_timeline_controls_split_by_province_as_shares(browser, corpus_server,
                                                           screenshot) -> None:
    browser.get(corpus_server + "/timeline?q=保险")
    wait_for(browser, EC.presence_of_element_located((By.ID, "timeline-form")))
    Select(browser.find_element(By.ID, "by")).select_by_value("province")
    Select(browser.find_element(By.ID, "mode")).select_by_value("share")
    browser.find_element(By.CSS_SELECTOR, "#timeline-form button").click()
    wait_for(browser, EC.url_contains("mode=share"))
    legend = browser.find_elements(By.CSS_SELECTOR, "#timeline .chart-legend li")
    assert {li.text for li in legend} >= {"浙江省", "青海省"}
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar")
    assert bars and all(float(b.get_attribute("height")) > 0 for b in bars)
    assert browser.find_element(By.ID, "timeline-table").is_displayed()
    screenshot(browser, "timeline-controls")


def test_the_timeline_is_readable_at_400_pixels(phone, corpus_server, screenshot) -> None:
    phone.get(corpus_server + "/timeline?by=province")
    wait_for(phone, EC.presence_of_element_located((By.CSS_SELECTOR, "#timeline svg")))
    assert phone.find_element(By.CSS_SELECTOR, "#timeline svg").size["width"] <= 400
    # Axis labels and legend at least 9 px tall on screen (they were about 6 px).
    assert min(rendered_px(phone, "#timeline svg text.axis-label")) >= 9
    assert min(rendered_px(phone, "#timeline .chart-legend li")) >= 12
    screenshot(phone, "timeline-400px")


def test_compare_named_queries_from_the_form(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/compare")
    wait_for(browser, EC.presence_of_element_located((By.ID, "compare-form")))
    browser.find_element(By.ID, "query-0").send_keys("驿站:工会驿站")
    browser.find_element(By.ID, "query-1").send_keys("保险:保险")
    browser.find_element(By.ID, "date-from").send_keys("2023")
    browser.find_element(By.CSS_SELECTOR, "#compare-form button").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "compare-table")))
    headers = browser.find_elements(By.CSS_SELECTOR, "#compare-table th.query")
    assert [h.get_attribute("data-column") for h in headers] == ["驿站", "保险"]
    assert browser.find_element(By.CSS_SELECTOR, "a.download-csv").is_displayed()
    screenshot(browser, "compare-named-queries")


def test_the_comparison_says_what_its_figures_count(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/compare?province=内蒙古自治区&province=甘肃省")
    wait_for(browser, EC.presence_of_element_located((By.ID, "compare-table")))
    figures = browser.find_elements(By.CSS_SELECTOR, "#compare-table li.key-figure")
    assert figures and all(f.find_element(By.CSS_SELECTOR, ".metric").text for f in figures)
    assert any("职工书屋" in f.text and "篇报道" in f.text for f in figures)
    screenshot(browser, "compare-key-figures")
    figures[0].find_element(By.CSS_SELECTOR, "a.sentence-link").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "article")))
    anchor = browser.current_url.split("#")[1]
    assert browser.find_element(By.ID, anchor).is_displayed()
