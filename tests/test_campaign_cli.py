"""`watershed campaign`, `watershed works import` and `watershed report` on SQLite and
PostgreSQL: good files recorded, bad files one error line, exit 2 and nothing written."""

import csv
import json
from dataclasses import dataclass
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.factories import STAFF, run_cli
from watershed.cli.campaign import STATUS_KEYS
from watershed.services.campaign.campaign import create_campaign
from watershed.services.campaign.figures import campaign_figures
from watershed.services.common.clock import today
from watershed.store.tables import AuditEntry, ProgressEntry

START = today() - timedelta(days=20)
DAY = START + timedelta(days=3)


@pytest.fixture
def campaign(basin):
    create_campaign(basin, STAFF, "百日攻坚", start=START)
    return basin


def write_csv(path, rows, encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


def written(db) -> tuple[int, int]:
    """(progress entries, audit rows of progress or its import)."""
    with db.read() as session:
        entries = session.scalar(select(func.count()).select_from(ProgressEntry))
        audit = session.scalar(select(func.count()).select_from(AuditEntry).where(
            (AuditEntry.action == "work.progress") | (AuditEntry.entity == "progress")))
    return entries, audit


def test_a_campaign_created_and_its_status_in_words_and_json(basin, capsys):
    status, out, err = run_cli(capsys, basin.url, "campaign", "status")
    assert status == 2 and err.startswith("error:") and "campaign create" in err
    status, out, err = run_cli(capsys, basin.url, "campaign", "create", "百日攻坚", "--start",
                               START.isoformat(), "--m3-per-metre", "2.5", "--bank-share", "1",
                               "--channel", "ZQ", "--team", "volunteers")
    assert status == 0 and err == "" and out.count("\n") == 1
    figures = campaign_figures(basin, STAFF)
    assert "#1" in out and "百日攻坚" in out and START.isoformat() in out
    assert figures.end_date.isoformat() in out and f"{figures.planned_m3:,.0f} m³" in out
    assert f"{len(figures.works)} segments" in out
    assert all(line.code.startswith("ZQ-0") for line in figures.works)  # not the branch
    status, out, _ = run_cli(capsys, basin.url, "campaign", "status")
    assert status == 0 and "day 21 of 100" in out and "not started" in out
    assert "no silt removed in the last 14 days" in out
    status, out, _ = run_cli(capsys, basin.url, "campaign", "status", "--json", "--date",
                             START.isoformat())
    shown = json.loads(out)
    assert tuple(shown) == STATUS_KEYS
    assert shown["day"] == 1 and shown["as_of"] == START.isoformat() and shown["forecast"] is None
    assert shown["late"] is True and shown["planned_m3"] == figures.planned_m3
    assert shown["statuses"] == {"not_started": len(figures.works), "in_progress": 0, "done": 0,
                                 "accepted": 0}
    status, _, err = run_cli(capsys, basin.url, "campaign", "create", "x", "--days", "0")
    assert status == 2 and err.count("\n") == 1 and "1 to 1,000" in err


def test_works_imported_from_csv_with_a_bom_and_from_xlsx_in_chinese(campaign, tmp_path, capsys):
    path = tmp_path / "progress.csv"
    write_csv(path, [["Segment", "Date", "M3", "Bank m", "State", "Note"],
                     ["ZQ-001", DAY.isoformat(), "120", "15", "", "first cut"],
                     ["ZQ-001", (DAY + timedelta(days=1)).isoformat(), "30.5", "", "done", ""]],
              encoding="utf-8-sig")
    status, out, err = run_cli(capsys, campaign.url, "works", "import", str(path))
    assert status == 0 and err == "" and "Recorded 2 progress entries" in out
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["河段", "日期", "清淤方量", "护岸米数", "状态", "备注"])
    sheet.append(["ZQ-002", DAY, 40, 0, "进行中", "清了 40 方"])
    sheet.append(["ZQ-002", f"{DAY.year}年{DAY.month}月{DAY.day}日", 10, None, "完工", None])
    sheet.append(["ZQ-002", DAY + timedelta(days=1), 0, 0, "撤回完工", "还没清完"])
    book.save(tmp_path / "进度.xlsx")
    status, out, err = run_cli(capsys, campaign.url, "works", "import",
                               str(tmp_path / "进度.xlsx"))
    assert status == 0 and "Recorded 3" in out, err
    assert written(campaign) == (5, 5 + 2)  # an audit row per entry and per file
    figures = campaign_figures(campaign, STAFF)
    lines = {line.code: line for line in figures.works}
    assert (lines["ZQ-001"].removed_m3, lines["ZQ-001"].bank_m, lines["ZQ-001"].status) == (
        150.5, 15, "done")
    assert (lines["ZQ-002"].removed_m3, lines["ZQ-002"].status) == (50, "in_progress")
    with campaign.read() as session:
        notes = set(session.scalars(select(ProgressEntry.note)))
    assert notes == {"first cut", "", "清了 40 方", "还没清完"}
    status, out, _ = run_cli(capsys, campaign.url, "campaign", "status")
    assert "200 of" in out and "done 1" in out


def test_a_good_gbk_csv_with_chinese_headers_is_read(campaign, tmp_path, capsys):
    path = write_csv(tmp_path / "gbk.csv", [["河段", "日期", "清淤方量", "备注"],
                                            ["ZQ-003", DAY.isoformat(), "8", "王家门口"]],
                     encoding="gbk")
    status, out, err = run_cli(capsys, campaign.url, "works", "import", str(path))
    assert status == 0 and "Recorded 1" in out, err
    with campaign.read() as session:
        assert session.scalars(select(ProgressEntry.note)).one() == "王家门口"


@dataclass
class Bad:
    id: str
    rows: list
    row: int | None  # the row the message names; None for a problem of the whole file
    says: str
    encoding: str = "utf-8"


GOOD = ["ZQ-001", DAY.isoformat(), "10", "", "", ""]
HEADER = ["segment", "date", "m3", "bank_m", "state", "note"]
BAD_FILES = [
    Bad("wrong-header", [["河段", "day of work", "方量"], ["ZQ-001", DAY.isoformat(), "3"]],
        None, "lacks the required columns: date|day|日期, m3|m³|清淤方量|清淤量"),
    Bad("unknown-segment", [HEADER, GOOD, ["ZQ-999", DAY.isoformat(), "5", "", "", ""]], 3,
        "ZQ-999"),
    Bad("bad-date", [HEADER, GOOD, ["ZQ-002", "03/11/2026", "5", "", "", ""]], 3,
        "YYYY-MM-DD"),
    Bad("impossible-date", [HEADER, GOOD, ["ZQ-002", "2026-02-30", "5", "", "", ""]], 3,
        "YYYY-MM-DD"),
    Bad("negative-without-correction", [HEADER, GOOD, ["ZQ-001", DAY.isoformat(), "-4", "", "",
                                                       "多报了"]], 3, "negative"),
    Bad("future-date", [HEADER, GOOD, ["ZQ-002", (today() + timedelta(days=1)).isoformat(), "5",
                                       "", "", ""]], 3, "not in the future"),
    Bad("before-the-start", [HEADER, GOOD, ["ZQ-002", (START - timedelta(days=1)).isoformat(),
                                            "5", "", "", ""]], 3, START.isoformat()),
    Bad("not-a-number", [HEADER, GOOD, ["ZQ-002", DAY.isoformat(), "5 方", "", "", ""]], 3,
        "not a number"),
    Bad("gbk-bad-state", [["河段", "日期", "清淤方量", "状态"], ["ZQ-001", DAY.isoformat(), "10", ""],
                          ["ZQ-002", DAY.isoformat(), "5", "完成"]], 3, "完成", "gbk"),
    Bad("blank-segment", [HEADER, GOOD, ["", DAY.isoformat(), "5", "", "", ""]], 3,
        "is blank"),
    Bad("header-only", [HEADER], None, "has a header but no progress entries"),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[case.id for case in BAD_FILES])
def test_a_bad_progress_file_is_one_error_line_exit_2_and_nothing_written(case, campaign,
                                                                            tmp_path, capsys):
    path = write_csv(tmp_path / f"{case.id}.csv", case.rows, case.encoding)
    status, out, err = run_cli(capsys, campaign.url, "works", "import", str(path))
    assert status == 2 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and path.name in lines[0], err
    if case.row is not None:
        assert f"row {case.row}" in lines[0]
    assert case.says in lines[0]
    assert written(campaign) == (0, 0)  # not even the good row before it


def test_every_bad_row_is_listed_in_the_order_of_the_file(campaign, tmp_path):
    from watershed.errors import InputError
    from watershed.services.campaign.works_import import import_progress

    path = write_csv(tmp_path / "many.csv", [
        HEADER, ["ZQ-404", DAY.isoformat(), "1", "", "", ""], GOOD,
        ["ZQ-002", "tomorrow", "x", "", "finished", ""],
        ["ZQ-002", DAY.isoformat(), "-1", "", "", ""]])
    with pytest.raises(InputError) as refused:
        import_progress(campaign, STAFF, path)
    rows = [problem.params["row"] for problem in refused.value.problems]
    assert rows == [2, 4, 4, 4, 5]
    assert written(campaign) == (0, 0)


def test_progress_files_that_cannot_be_read_say_so(campaign, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("segment,date,m3\n", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK not really")
    for name, says in (("missing.csv", "does not exist"), ("notes.txt", ".xlsx or .csv"),
                       ("broken.xlsx", "not a valid Excel")):
        status, _, err = run_cli(capsys, campaign.url, "works", "import", str(tmp_path / name))
        assert status == 2 and err.count("\n") == 1 and name in err and says in err, err
        assert "household" not in err.lower()


def test_without_a_campaign_a_progress_file_is_one_clear_refusal(basin, tmp_path, capsys):
    path = write_csv(tmp_path / "p.csv", [HEADER, GOOD])
    status, _, err = run_cli(capsys, basin.url, "works", "import", str(path))
    assert status == 2 and err.count("\n") == 1 and "no dredging campaign" in err


def test_the_weekly_report_is_written_from_the_command_line(campaign, tmp_path, capsys):
    week_day = today() - timedelta(days=7)
    year, week, _ = week_day.isocalendar()
    name = f"{year}-W{week:02d}"
    for suffix in ("html", "xlsx"):
        path = tmp_path / f"report.{suffix}"
        status, out, err = run_cli(capsys, campaign.url, "report", "--week", name, str(path))
        assert status == 0 and err == "" and name in out and path.name in out
        assert path.stat().st_size > 0
    status, _, err = run_cli(capsys, campaign.url, "report", "--week", "47", str(path))
    assert status == 2 and err.count("\n") == 1 and "YYYY-Www" in err
    status, _, err = run_cli(capsys, campaign.url, "report", "--week", name,
                             str(tmp_path / "report.pdf"))
    assert status == 2 and ".html, .xlsx" in err


def test_a_segments_plan_and_team_are_set_from_the_command_line(campaign, capsys):
    status, out, err = run_cli(capsys, campaign.url, "works", "set", "ZQ-001", "--planned-m3",
                               "850", "--team", "contractor", "--team-name", "荆州清淤队")
    assert status == 0 and "ZQ-001" in out and "850" in out and err == ""
    line = next(x for x in campaign_figures(campaign, STAFF).works if x.code == "ZQ-001")
    assert line.planned_m3 == 850
    status, _, err = run_cli(capsys, campaign.url, "works", "set", "ZQ-001", "--planned-m3", "-3")
    assert status == 2 and err.startswith("error:") and err.count("\n") == 1
