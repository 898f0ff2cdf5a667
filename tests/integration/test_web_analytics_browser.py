"""The analysis pages driven in a real headless Chromium on the test corpus."""

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


def shaded_provinces(browser) -> list:
    """The map's provinces that have articles (shade 0 is none)."""
    return [p for p in browser.find_elements(By.CSS_SELECTOR, "#map svg path.map-region")
            if p.get_attribute("data-count") not in (None, "0") and "inset" not in
            (p.get_attribute("class") or "")]


def click_facet(browser, facet: str, value: str) -> None:
    browser.find_element(
        By.CSS_SELECTOR, f'a.facet-value[data-facet="{facet}"][data-value="{value}"]').click()
    wait_for(browser, EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'.facet li.selected a[data-value="{value}"]')))


def test_tick_two_provinces_then_compare_them(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/?q=保险")
    wait_for(browser, EC.presence_of_element_located((By.ID, "total")))
    click_facet(browser, "province", "浙江省")
    click_facet(browser, "province", "青海省")
    assert int(browser.find_element(By.ID, "total").text) == 3
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar")
    assert bars and all(float(b.get_attribute("height")) > 0 for b in bars)
    screenshot(browser, "corpus-search-two-provinces")

    browser.find_element(By.ID, "compare-link").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "compare-table")))
    headers = browser.find_elements(By.CSS_SELECTOR, "#compare-table th.province")
    assert [h.text for h in headers] == ["浙江省", "青海省"]
    marks = shaded_provinces(browser)
    assert {m.get_attribute("data-name") for m in marks} == {"浙江省", "青海省"}
    assert all(m.is_displayed() and m.size["width"] > 0 for m in marks)
    outlines = browser.find_elements(By.CSS_SELECTOR, "#map svg path.map-region")
    assert len(outlines) >= 33 and browser.find_element(
        By.CSS_SELECTOR, "#map svg").size["width"] > 300
    screenshot(browser, "corpus-compare-zhejiang-qinghai")
    browser.execute_script("document.getElementById('map').scrollIntoView()")
    screenshot(browser, "corpus-compare-map")


def test_a_programme_page_draws_its_timeline_and_map(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/programmes")
    wait_for(browser, EC.presence_of_element_located((By.ID, "catalogue")))
    browser.find_element(By.LINK_TEXT, "工会驿站").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "programme")))
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar")
    assert {b.get_attribute("data-key") for b in bars} == {"2023", "2024", "2025"}
    marks = shaded_provinces(browser)
    assert {m.get_attribute("data-name") for m in marks} == {"甘肃省", "山东省", "青海省"}
    assert browser.find_elements(By.CSS_SELECTOR, "#map svg circle.map-county")
    screenshot(browser, "corpus-programme-yizhan")


def test_check_a_figure_from_the_ledger(browser, corpus_server, screenshot) -> None:
    browser.get(corpus_server + "/figures?metric=职工书屋")
    wait_for(browser, EC.presence_of_element_located((By.ID, "ledger")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ledger tr.figure-row.conflict")) == 2
    screenshot(browser, "corpus-ledger-conflicts")
    box = browser.find_element(By.ID, "check-text")
    box.send_keys("7100多家职工书屋", Keys.ENTER)
    wait_for(browser, EC.presence_of_element_located((By.ID, "matches")))
    assert browser.find_element(By.ID, "match-total").text == "3"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#matches .badge.ok")) == 2
    screenshot(browser, "corpus-figure-check")


def test_the_sample_compare_view(browser, sample_server, screenshot) -> None:
    four = ["甘肃省", "青海省", "山东省", "内蒙古自治区"]
    browser.get(sample_server + "/compare?" + "&".join(f"province={p}" for p in four))
    wait_for(browser, EC.presence_of_element_located((By.ID, "compare-table")))
    headers = browser.find_elements(By.CSS_SELECTOR, "#compare-table th.province")
    assert [h.text for h in headers] == four
    assert len(shaded_provinces(browser)) == 4
    screenshot(browser, "sample-compare-four-provinces")
    browser.execute_script("document.getElementById('map').scrollIntoView()")
    screenshot(browser, "sample-compare-map")


# Installed before any page script runs (through the DevTools protocol, which the page's
# Content-Security-Policy does not govern): every violation the policy reports.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    e => window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def test_every_page_works_under_the_content_security_policy(browser, corpus_server) -> None:
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                     {"source": RECORD_VIOLATIONS})
    pages = {"/?q=保险": "#hits .hit", "/programmes": "tr.programme",
             "/programmes/工会驿站": "#programme", "/compare?province=浙江省&province=青海省":
             "#compare-table", "/figures": "tr.figure-row", "/figures/check?text=职工书屋":
             "#check-form", "/timeline?by=province&mode=share": "#timeline-table",
             "/map?province=甘肃省": "#map svg", "/articles/qh-2024-nuanxinbao": "#citation",
             "/docs": "#swagger-ui .opblock"}
    try:
        for path, ready in pages.items():
            browser.get(corpus_server + path)
            wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ready)))
            assert browser.execute_script("return window.cspViolations") == [], path
        # Swagger UI really runs: an operation opens and shows its parameters.
        browser.find_element(By.CSS_SELECTOR, "#swagger-ui .opblock-summary").click()
        wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".parameters")))
        assert browser.execute_script("return window.cspViolations") == []
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": script["identifier"]})


def test_a_violation_would_be_seen(browser, corpus_server) -> None:
    """The recorder above is not blind: an inline script on our page is reported."""
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                     {"source": RECORD_VIOLATIONS})
    try:
        browser.get(corpus_server + "/programmes")
        wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr.programme")))
        browser.execute_script(
            "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
            "document.body.appendChild(s);")
        wait_for(browser, lambda b: b.execute_script("return window.cspViolations.length"))
        assert browser.execute_script("return window.ran") is None
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": script["identifier"]})
