"""The weekly report: one A4 page with the week's figures, a burndown and a map drawn inline,
every name escaped; a spreadsheet whose texts stay texts; a week that cannot be read refused."""

import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser

import openpyxl
import pytest

from tests.factories import (BRANCH, MAIN, RESIDENT, STAFF, households_file, line, pond_file,
                             write_geojson)
from watershed.errors import InputError, PermissionDenied
from watershed.services.common.actors import Actor
from watershed.services.campaign.campaign import accept_work, create_campaign, record_progress
from watershed.services.campaign.figures import campaign_figures
from watershed.services.common.clock import today
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.campaign._report_sheet import SHEETS
from watershed.services.campaign.weekly_report import (report_html, report_xlsx, save_report,
                                                       week_bounds)

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example/","点我")'
START = today() - timedelta(days=20)
# The last whole week: it ends before today and after the campaign began.
MONDAY = today() - timedelta(days=7 + (today() - timedelta(days=7)).weekday())
SUNDAY = MONDAY + timedelta(days=6)
WEEK = "{}-W{:02d}".format(*MONDAY.isocalendar()[:2])
LEADER = Actor("test-leader", "leader")


@pytest.fixture
def hostile(db, tmp_path):
    """The tiny basin of the factories, its channel, village and campaign named to attack a page;
    work done before the week and during it, one segment accepted in it."""
    import_layer(db, STAFF, "channels", write_geojson(tmp_path / "channels.geojson", [
        ({"code": "ZQ", "name": HOSTILE, "kind": "干渠"}, line(MAIN)),
        ({"code": "ZQ-Z01", "name": "一支渠", "kind": "支渠", "parent": "ZQ"}, line(BRANCH))]))
    import_layer(db, STAFF, "ponds", pond_file(tmp_path))
    rows = [dict(code=f"H-00{n}", head_name=f"户主{n}", group="一组", village=HOSTILE,
                 phone="", members=3, lon=lon, lat=30.3705) for n, lon in ((1, 112.072),
                                                                           (2, 112.080))]
    import_households(db, STAFF, households_file(tmp_path, rows))
    segment_channels(db, STAFF)
    create_campaign(db, STAFF, f"百日攻坚{HOSTILE}", start=START, m3_per_metre=3.0)
    record_progress(db, STAFF, "ZQ-001", START + timedelta(days=1), 100)  # before the week
    record_progress(db, STAFF, "ZQ-001", MONDAY, 50, 12, state="done", note=FORMULA)
    record_progress(db, STAFF, "ZQ-002", MONDAY + timedelta(days=1), 30, note=HOSTILE)
    accept_work(db, STAFF, "ZQ-001", day=MONDAY + timedelta(days=2))
    record_progress(db, STAFF, "ZQ-003", SUNDAY + timedelta(days=1), 40)  # after the week
    return db


class Tags(HTMLParser):
    """Every tag and attribute of a page, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def test_the_page_is_one_a4_sheet_of_that_weeks_figures_with_inline_pictures(hostile):
    page = report_html(hostile, STAFF, WEEK, "en")
    assert "@page { size: A4; margin: 12mm }" in page
    figures = campaign_figures(hostile, STAFF, SUNDAY)
    assert figures.removed_m3 == 180  # the entry after the week is not counted
    assert f"{figures.removed_m3:,.0f} of {figures.planned_m3:,.0f} m³" in page
    assert "80 m³ of silt, 12 m of bank (2 progress entries)" in page  # during the week
    assert page.count("ZQ-001 (1 in all,") == 2  # done and accepted this week
    assert f"day {figures.day} of 100" in page and WEEK in page
    assert "km live" in page and "km dead" in page and "occupying 1" in page
    assert page.count("<svg") == 2 and "<polyline" in page
    parsed = Tags()
    parsed.feed(page)
    assert {"script", "img", "iframe", "link", "object", "embed"}.isdisjoint(parsed.tags)
    assert not [name for name in parsed.attributes if name.startswith("on") or name in
                ("src", "href")]
    assert HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "default-src 'none'" in page  # nothing to fetch, should anything slip through


def test_the_page_reads_in_chinese_and_is_for_staff_and_leaders(hostile):
    page = report_html(hostile, LEADER, WEEK, "zh")
    assert "清淤周报" in page and "各村（社区）进度" in page and "已验收" in page
    with pytest.raises(PermissionDenied):
        report_html(hostile, RESIDENT, WEEK)


def test_the_spreadsheet_has_its_four_sheets_and_keeps_a_formula_as_text(hostile, tmp_path):
    path = tmp_path / "周报.xlsx"
    report_xlsx(hostile, STAFF, WEEK, path, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SHEETS) == ["概况", "本周", "村", "渠道"]
    week = list(book["本周"].iter_rows(values_only=True))
    assert week[0] == ("Segment", "Date", "m³", "Bank m", "State", "Note", "Recorded by")
    assert [row[0] for row in week[1:]] == ["ZQ-001", "ZQ-002"]  # only the week's entries
    assert week[1][1].date() == MONDAY and week[1][2:5] == (50, 12, "done")
    assert week[1][5] == FORMULA and book["本周"]["F2"].data_type == "s"
    assert week[2][5] == HOSTILE and week[1][6] == STAFF.name
    with zipfile.ZipFile(path) as packed:
        sheets = [packed.read(name) for name in packed.namelist() if "worksheets/sheet" in name]
    assert not any(b"<f>" in sheet for sheet in sheets)  # not one live formula
    villages = list(book["村"].iter_rows(values_only=True))
    assert villages[1][0] == HOSTILE and villages[1][-1] == 80  # m³ removed this week
    channels = [row[0] for row in book["渠道"].iter_rows(min_row=2, values_only=True)]
    assert f"ZQ（{HOSTILE}）" in channels  # as every page names a channel
    summary = [row for row in book["概况"].iter_rows(values_only=True) if row[0]]
    assert any(HOSTILE in (value or "") for row in summary for value in row)


def test_save_report_picks_the_file_by_its_suffix(hostile, tmp_path):
    save_report(hostile, STAFF, WEEK, tmp_path / "a.html")
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    save_report(hostile, STAFF, WEEK.lower(), tmp_path / "a.xlsx")
    assert zipfile.is_zipfile(tmp_path / "a.xlsx")
    with pytest.raises(InputError) as wrong:
        save_report(hostile, STAFF, WEEK, tmp_path / "a.pdf")
    assert wrong.value.key == "export.bad_suffix"


def test_iso_weeks_and_weeks_refused():
    assert week_bounds("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    assert week_bounds("2026w01") == (date(2025, 12, 29), date(2026, 1, 4))
    assert week_bounds("2026-W53")[1] == date(2027, 1, 3)
    for bad in ("2026-47", "W47", "2025-W53", "2026-W00", "", "2026-W47; drop"):
        with pytest.raises(InputError) as refused:
            week_bounds(bad)
        assert refused.value.key == "report.bad_week" and "YYYY-Www" in str(refused.value)


def test_a_week_to_come_or_before_the_campaign_is_refused(hostile):
    later = today() + timedelta(days=7)
    earlier = START - timedelta(days=7)
    for day, key in ((later, "report.future_week"), (earlier, "report.before_campaign")):
        with pytest.raises(InputError) as refused:
            report_html(hostile, STAFF, "{}-W{:02d}".format(*day.isocalendar()[:2]))
        assert refused.value.key == key
