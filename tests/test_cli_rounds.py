"""`watershed round` and `watershed board` on SQLite and PostgreSQL."""

import pytest

from tests.factories import STAFF, run_cli
from watershed.services.custody.custody import assign


def test_a_round_opened_listed_closed_and_its_board_printed_from_the_command_line(basin, capsys,
                                                                                   tmp_path):
    url = basin.url
    assign(basin, STAFF, "ZQ-001", "H-001")
    status, out, err = run_cli(capsys, url, "round", "open", "--name", "三月评比", "--start",
                               "2026-03-01", "--end", "2026-03-31", "--offers", "2")
    assert status == 0 and "#1" in out and "三月评比" in out and err == ""
    status, _, err = run_cli(capsys, url, "round", "open")
    assert status == 2 and err.count("\n") == 1 and "三月评比" in err  # one open at a time
    status, out, _ = run_cli(capsys, url, "round", "list")
    assert status == 0 and "2026-03-01" in out
    status, _, err = run_cli(capsys, url, "board", "1")
    assert status == 2 and err.startswith("error:")  # no board before the round closes
    status, out, _ = run_cli(capsys, url, "round", "close", "1")
    assert status == 0 and "#1" in out
    sheet, page = tmp_path / "board.xlsx", tmp_path / "board.html"
    status, out, _ = run_cli(capsys, url, "board", "1", "--xlsx", str(sheet), "--html", str(page))
    assert status == 0 and "三月评比" in out and "ZQ-001" in out  # listed, too few ratings
    assert sheet.stat().st_size > 0 and "@page" in page.read_text(encoding="utf-8")
    status, _, err = run_cli(capsys, url, "round", "close", "1")
    assert status == 2 and "Traceback" not in err
    status, _, err = run_cli(capsys, url, "board", "1", "--html", str(tmp_path))
    assert status == 2 and err.startswith("error:") and ".html" in err


def test_a_date_typed_in_full_width_is_read_and_an_impossible_one_is_one_error_line(basin, capsys):
    status, _, _ = run_cli(capsys, basin.url, "round", "open", "--start", "２０２６－０３－０１",
                           "--end", "2026-03-31")
    assert status == 0 and "2026-03-01" in run_cli(capsys, basin.url, "round", "list")[1]
    with pytest.raises(SystemExit) as refused:
        run_cli(capsys, basin.url, "round", "open", "--start", "2026-02-29")
    err = capsys.readouterr().err
    assert refused.value.code == 2 and err.startswith("error:") and err.count("\n") == 1
    assert "2026-02-29" in err and "Traceback" not in err
