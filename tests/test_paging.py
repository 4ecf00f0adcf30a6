"""Long registers a page at a time (services.common.paging): every row on exactly one page, the
count of them all, a page out of range brought back within it, and the whole filtered register
as a spreadsheet that reads back row for row."""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import openpyxl
import pandas as pd
import pytest

from tests.factories import RESIDENT, STAFF, households_file
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.errors import InputError, PermissionDenied
from watershed.services.common.clock import now
from watershed.services.checks.checks import check_history, check_page, submit_check
from watershed.services.common.actors import Actor
from watershed.services.common.paging import MAX_PAGE_SIZE, page_of_rows, write_sheet
from watershed.services.custody.custody import assign
from watershed.services.geometry.imports import import_households
from watershed.services.places.registers import (export_households, export_segments,
                                                 household_page, household_table, segment_codes,
                                                 segment_page, segment_table)

CUSTODIAN = Actor("test-custodian", "custodian", household_id=1)
MORE = 25  # households added to the basin's three, so that they fill several pages


def every_page(fetch, size: int) -> list:
    """The pages fetch(number, size) gives, from the first to the last."""
    first = fetch(1, size)
    return [first] + [fetch(number, size) for number in range(2, first.pages + 1)]


def records(frame) -> list[tuple]:
    """The rows of a frame, every missing value as None (a page with no keeper at all has
    another column type than the whole register)."""
    return [tuple(None if pd.isna(value) else value for value in row)
            for row in frame.itertuples(index=False)]


def test_the_segment_register_comes_a_page_at_a_time_each_row_on_exactly_one_page(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    whole = segment_table(basin, STAFF)
    assert len(whole) > 6  # three pages of three at least
    pages = every_page(lambda number, size: segment_page(basin, STAFF, number, size), 3)
    assert all(page.total == len(whole) and page.pages == -(-len(whole) // 3) for page in pages)
    assert all(len(page.rows) == 3 for page in pages[:-1]) and 1 <= len(pages[-1].rows) <= 3
    assert list(pages[1].rows["code"]) != list(pages[0].rows["code"])
    together = pd.concat([page.rows for page in pages], ignore_index=True)
    assert together["code"].is_unique  # none twice
    assert records(together) == records(whole)  # all of them, in the register's order


def test_a_page_of_segments_keeps_only_what_the_filters_keep_and_counts_it(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    branch = segment_page(basin, STAFF, 1, 1, channel="ZQ-Z01")
    assert (branch.total, branch.pages, list(branch.rows["code"])) == (2, 2, ["ZQ-Z01-001"])
    kept = segment_page(basin, STAFF, custodian="张大")
    assert (kept.total, list(kept.rows["code"])) == (1, ["ZQ-001"])
    open_ = segment_page(basin, STAFF, only_open=True)
    assert open_.total == len(segment_table(basin, STAFF)) - 1
    assert segment_codes(basin, STAFF, channel="ZQ-Z01") == {"ZQ-Z01-001", "ZQ-Z01-002"}
    nothing = segment_page(basin, STAFF, custodian="nobody")
    assert (nothing.total, nothing.number, nothing.pages, len(nothing.rows)) == (0, 1, 1, 0)


def test_a_page_out_of_range_is_brought_within_it_and_says_what_was_asked(basin):
    total = len(segment_table(basin, STAFF))
    late = segment_page(basin, STAFF, 999, 2)
    assert (late.asked, late.number, late.pages) == (999, -(-total // 2), -(-total // 2))
    assert len(late.rows) == total - 2 * (late.number - 1)
    early = segment_page(basin, STAFF, 0, 2)
    assert (early.asked, early.number, len(early.rows)) == (0, 1, 2)
    assert segment_page(basin, STAFF, 1, 10_000).size == MAX_PAGE_SIZE  # a page stays bounded
    assert segment_page(basin, STAFF, 1, 0).size == 1


@pytest.fixture
def households(basin, tmp_path):
    rows = [dict(code=f"N-{i:03d}", head_name=f"新户{i}", group="一组", village="梅槐社区",
                 phone=f"1390000{i:04d}", members=3, lon="", lat="") for i in range(1, MORE + 1)]
    rows[0]["head_name"] = "=1+1"  # a name a spreadsheet would take for a formula
    import_households(basin, STAFF, households_file(tmp_path, rows))
    return basin


def test_the_household_register_comes_a_page_at_a_time_and_a_search_counts_what_it_finds(
        households):
    pages = every_page(lambda number, size: household_page(households, STAFF, "", number, size), 10)
    assert [len(page.rows) for page in pages] == [10, 10, MORE + 3 - 20]
    together = pd.concat([page.rows for page in pages], ignore_index=True)
    assert together["code"].is_unique and len(together) == pages[0].total == MORE + 3
    assert records(together) == records(household_table(households, STAFF, limit=1000))
    found = household_page(households, STAFF, "新户1", 1, 10)
    assert found.total == 10  # 新户10 to 新户19 (新户1 is called =1+1)
    assert list(found.rows["code"]) == [f"N-{i:03d}" for i in range(10, 20)]


def test_the_spreadsheet_of_a_register_holds_every_filtered_row_with_the_page_headers(
        households, tmp_path):
    path = tmp_path / "households.xlsx"
    assert export_households(households, STAFF, path, "n-0", lang="zh") == MORE
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == [text(f"staff.column.{name}", "zh") for name in
                                                  ("code", "head_name", "group", "village",
                                                   "phone", "members", "segments")]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [f"N-{i:03d}" for i in range(1, MORE + 1)]
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"  # text stays text
    assert sheet["E2"].value == "13900000001" and sheet["F2"].value == 3

    assign(households, STAFF, "ZQ-Z01-001", "H-003")
    path = tmp_path / "segments.xlsx"
    assert export_segments(households, STAFF, path, lang="en", channel="ZQ-Z01") == 2
    read = pd.read_excel(path)
    assert list(read.columns) == [text(f"staff.column.{name}", "en") for name in segment_table(
        households, STAFF).columns]
    assert read["Code"].tolist() == ["ZQ-Z01-001", "ZQ-Z01-002"]
    assert read["Custodian"].tolist()[0] == "H-003" and pd.isna(read["Custodian"].tolist()[1])
    assert isinstance(openpyxl.load_workbook(path).active["H2"].value, datetime)  # a real date
    whole = tmp_path / "all.xlsx"
    assert export_segments(households, STAFF, whole) == len(segment_table(households, STAFF))
    with pytest.raises(InputError):
        export_segments(households, STAFF, tmp_path / "segments.csv")


def test_the_checks_come_a_page_at_a_time_newest_first(basin):
    good = dict.fromkeys(DIMENSIONS, "good")
    start = now() - timedelta(days=2)  # the pinned clock
    for minute in range(7):
        submit_check(basin, STAFF, "ZQ-001", good, {}, at=start + timedelta(minutes=minute % 3))
    pages = every_page(lambda number, size: check_page(basin, STAFF, number, size), 3)
    assert [len(page.rows) for page in pages] == [3, 3, 1] and pages[0].total == 7
    ids = [line.id for page in pages for line in page.rows]
    assert ids == [line.id for line in check_history(basin, STAFF, None)]  # same times: by id
    assert len(set(ids)) == 7
    assert check_page(basin, STAFF, 1, 3, segment_code="ZQ-002").total == 0
    with pytest.raises(InputError):
        check_page(basin, STAFF, date_from=date(2025, 3, 2), date_to=date(2025, 3, 1))


def test_a_page_of_checks_counts_exactly_what_the_filters_keep(basin):
    # The count is taken without the joins the page reads names through: each filter must
    # count the checks check_history lists with it.
    assign(basin, STAFF, "ZQ-001", "H-001")
    assign(basin, STAFF, "ZQ-Z01-001", "H-002")
    codes = list(segment_table(basin, STAFF)["code"])
    start, step = now() - timedelta(days=3), timedelta(days=3) / (2 * len(codes) + 1)
    for number, code in enumerate(codes * 2):
        answers = dict.fromkeys(DIMENSIONS, "good")
        if number % 3 == 0:
            answers["water"] = "problem"
        submit_check(basin, STAFF, code, answers, {"water": "rubbish"},
                     at=start + step * number)
    villages = set(segment_table(basin, STAFF)["village"].dropna())
    days = sorted({line.at.date() for line in check_history(basin, STAFF, None)})
    assert len(villages) == 2 and len(days) >= 2
    asked = [{}, {"segment_code": "ZQ-001"}, {"segment_code": "ZQ-Z01-001"},
             {"segment_code": "NO-SUCH"}, {"only_problems": True},
             {"date_from": days[1]}, {"date_to": days[0]}, {"date_from": days[1], "date_to": days[1]},
             *({"village": name} for name in villages),
             *({"village": name, "only_problems": True, "date_from": days[1]} for name in villages)]
    for actor in (STAFF, CUSTODIAN):
        for filters in asked:
            listed = [line.id for line in check_history(basin, actor, None, **filters)]
            page = check_page(basin, actor, 1, 4, **filters)
            assert page.total == len(listed), (actor.role, filters)
            assert [line.id for line in page.rows] == listed[:4], (actor.role, filters)
    assert 0 < check_page(basin, CUSTODIAN).total < check_page(basin, STAFF).total


@pytest.mark.parametrize("actor", [CUSTODIAN, RESIDENT])
def test_the_pages_and_spreadsheets_of_the_registers_refuse_custodians_and_residents(
        basin, actor, tmp_path):
    for service in (segment_page, household_page, segment_codes):
        with pytest.raises(PermissionDenied):
            service(basin, actor)
    for export in (export_segments, export_households):
        with pytest.raises(PermissionDenied):
            export(basin, actor, tmp_path / "x.xlsx")
        assert not (tmp_path / "x.xlsx").exists()
    with pytest.raises(PermissionDenied):
        check_page(basin, RESIDENT)


@dataclass
class Line:
    code: str
    due: date | None
    days_since_check: int | None


def test_rows_in_memory_are_cut_into_the_same_pages_and_written_whole(tmp_path):
    lines = [Line(f"S-{i}", date(2026, 1, 1) + timedelta(days=i), i if i % 2 else None)
             for i in range(7)]
    pages = [page_of_rows(lines, number, 3) for number in (1, 2, 3)]
    assert [page.rows for page in pages] == [lines[:3], lines[3:6], lines[6:]]
    assert page_of_rows(lines, 9, 3).number == 3 and page_of_rows([], 2, 3).pages == 1
    frame = pd.DataFrame({"code": [line.code for line in lines]})
    assert page_of_rows(frame, 2, 3).rows["code"].tolist() == ["S-3", "S-4", "S-5"]

    path = tmp_path / "lines.xlsx"
    assert write_sheet(path, ["code", "due", "days_since_check"], lines, lang="en",
                       sheet="Late") == 7
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))["Late"]
    assert [cell.value for cell in sheet[1]] == ["Code", "Due", "Days since check"]
    assert sheet.max_row == 8 and sheet["B2"].value == datetime(2026, 1, 1)
    assert sheet["C2"].value is None and sheet["C3"].value == 1
