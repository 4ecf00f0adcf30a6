"""One language at a time (issue 14), the parts the journeys do not walk through: the reading of
a page (tests/chinese_only.py, applied to every page of every role by test_journeys_browser.py)
finds Streamlit's own English, and the date picker speaks Chinese."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import go_to, log_in, served_app, served_demo_copy, wait_for_app
from tests.chinese_only import VISIBLE, as_loaded_by_the_command_line, chinese_page, english_on, \
    latin, words
from watershed.catalogue import text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]


@pytest.fixture(scope="module")
def language_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("language"),
                          prepare=as_loaded_by_the_command_line) as app:
        yield app


def test_the_date_picker_speaks_chinese_and_starts_the_week_on_monday(chromium, language_app):
    """Streamlit's calendar follows the browser's language (navigator.language), whatever the
    app's: a browser in Chinese gets Chinese month and weekday names, Monday first. The field
    writes its date the ISO way, as the tables do."""
    context, page = chinese_page(chromium)
    try:
        page.goto(language_app.address)
        wait_for_app(page)
        log_in(page, "staff")
        go_to(page, text("staff.page.checks", "zh"))
        field = page.locator('[data-testid="stDateInput"]').first
        expect(field.get_by_role("group").first).to_have_text(  # as a table writes dates
            re.compile(r"^\s*\d{4}\s*-\s*\d{2}\s*-\s*\d{2}\s*$"))
        field.locator('button[aria-haspopup="dialog"]').click()
        calendar = page.locator('[data-testid="stDateInputCalendar"]')
        expect(calendar).to_be_visible()
        shown = " ".join(line for _, line in calendar.evaluate(VISIBLE))
        assert not [word for word in words(shown) if latin(word)], shown
        assert calendar.locator("th").all_inner_texts() == list("一二三四五六日")
        assert re.search("[一二三四五六七八九十]+月", shown), shown  # 十一月, not November
    finally:
        context.close()


def test_the_check_finds_streamlits_own_english(chromium, tmp_path):
    """The check can fail: a page with Streamlit's placeholders, a None cell and a raw actor."""
    script = tmp_path / "english.py"
    script.write_text(
        "import pandas as pd\nimport streamlit as st\n"
        "st.selectbox('河段', ['THG-001'], index=None)\n"
        "st.multiselect('村', [])\n"
        "st.dataframe(pd.DataFrame({'补偿': [None, 1.0], '记录人': ['cli:root', '刘']}))\n",
        encoding="utf-8")
    context, page = chinese_page(chromium)
    try:
        with served_app(None, script=script) as address:
            page.goto(address)
            wait_for_app(page)
            expect(page.locator('[data-testid="stDataFrame"] canvas').first).to_be_visible()
            found = " ".join(english_on(page, {"THG"}))
    finally:
        context.close()
    for word in ("Choose", "option", "No", "options", "None", "cli:root"):
        assert repr(word) in found, found
