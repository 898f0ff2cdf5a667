"""The 高级检索 help, the query language and the person page in a real headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from tests.integration.test_web_browser import total, wait_for

pytestmark = pytest.mark.browser


def search_for(browser, server: str, text: str) -> int:
    browser.get(server + "/")
    box = wait_for(browser, EC.presence_of_element_located((By.ID, "q")))
    box.send_keys(text, Keys.ENTER)
    wait_for(browser, EC.url_contains("q="))
    return total(browser)


def test_the_query_help_opens_and_its_examples_work(browser, sample_server, screenshot) -> None:
    browser.get(sample_server + "/")
    help_box = wait_for(browser, EC.presence_of_element_located((By.ID, "query-help")))
    table = help_box.find_element(By.TAG_NAME, "table")
    assert not table.is_displayed()
    help_box.find_element(By.TAG_NAME, "summary").click()
    wait_for(browser, lambda b: table.is_displayed())
    assert "OR" in table.text and "person:" in table.text
    screenshot(browser, "search-query-help")

    station = search_for(browser, sample_server, "工会驿站")
    books = search_for(browser, sample_server, "职工书屋")
    both = search_for(browser, sample_server, "工会驿站 职工书屋")
    either = search_for(browser, sample_server, "工会驿站 OR 职工书屋")
    assert either == station + books - both > max(station, books)
    assert search_for(browser, sample_server, "工會驛站") == station
    marks = {m.text for m in browser.find_elements(By.CSS_SELECTOR, "#hits .snippet mark")}
    assert marks and marks <= {"工会驿站", "工会", "驿站"}


def test_a_syntax_mistake_says_where(browser, sample_server) -> None:
    browser.get(sample_server + "/?q=" + "(工会驿站 OR")
    body = wait_for(browser, EC.presence_of_element_located((By.TAG_NAME, "body")))
    assert "at character" in body.text and "q" in body.text


def test_from_an_article_to_its_reporter_and_their_articles(
    browser, sample_server, screenshot
) -> None:
    search_for(browser, sample_server, "康劭")
    assert total(browser) == 1
    browser.find_element(By.CSS_SELECTOR, "#hits .hit h3 a").click()
    link = wait_for(browser, EC.presence_of_element_located(
        (By.CSS_SELECTOR, '#panel-people a.person[href$="/people/%E5%BA%B7%E5%8A%AD"]')))
    link.click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "person")))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("康劭")
    assert browser.find_element(By.ID, "article-count").text == "1"
    identities = browser.find_elements(By.CSS_SELECTOR, "#identities tr.identity")
    assert [(i.get_attribute("data-role"), i.get_attribute("data-place"))
            for i in identities] == [("byline", "工人日报")]
    assert not browser.find_elements(By.ID, "possibly-different")
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline svg rect")
    assert browser.find_elements(By.CSS_SELECTOR, "#map svg")
    assert "三级对话" in browser.find_element(By.ID, "together").text
    screenshot(browser, "person-kangshao")

    browser.find_element(By.LINK_TEXT, "查看全部文章").click()
    wait_for(browser, EC.url_contains("person="))
    assert total(browser) == 1
    chips = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".active-filters .chip")]
    assert chips == ["人物:康劭 ✕"]
