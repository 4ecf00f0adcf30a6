"""The red/black board as files: the spreadsheet and the printable A4 page, with hostile names."""

import zipfile
from datetime import date, datetime
from html.parser import HTMLParser

import openpyxl
import pytest

from tests.factories import STAFF
from watershed.errors import InputError
from watershed.services.evaluation.board import Board, BoardLine, VillageBoard, board, closed_rounds
from watershed.services.evaluation.board_files import board_html, board_xlsx
from watershed.store.database import open_database

HOSTILE = "<img src=x onerror=alert(1)>${alert(1)}</script><script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


def line(rank, code, name, score=None, low=None, high=None, n=5, channel="港中渠"):
    return BoardLine(rank, code, channel, f"H-{code}", name, score, low, high, n)


@pytest.fixture
def hostile_board() -> Board:
    red = [line(1, "A-001", HOSTILE, 4.44, 3.81, 4.96, 12, channel="<b>渠</b>"),
           line(2, "A-002", "张三", 4.1, 3.6, 4.5, 9)]
    black = [line(4, "A-004", FORMULA, 2.06, 1.5, 2.6, 7), line(3, "A-003", "李四", 3.0, 2.5, 3.5)]
    few = [line(None, "A-005", "王五", n=2)]
    return Board(7, "2026年11月<script>", date(2026, 11, 1), date(2026, 11, 30),
                 datetime(2026, 12, 1, 2, 0),
                 [VillageBoard("杨井村", 4, red, black, few),
                  VillageBoard('梅槐"社区', 1, [line(1, "B-001", "赵六", 3.9, 3.2, 4.4, 3)], [], [])])


def test_the_spreadsheet_holds_title_headers_and_each_list_with_text_as_text(hostile_board,
                                                                            tmp_path):
    path = tmp_path / "out" / "board.xlsx"
    board_xlsx(hostile_board, path, "zh")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026年11月<script>" in rows[0][0] and "2026年11月1日" in rows[0][0] \
        and "2026年11月30日" in rows[0][0]
    assert rows[1] == ("村（社区）", "榜单", "名次", "河段", "渠道", "包保户编号", "包保户", "得分",
                       "90% 区间", "评价户数")
    body = rows[2:]
    assert [(r[0], r[1], r[3]) for r in body] == [
        ("杨井村", "红榜", "A-001"), ("杨井村", "红榜", "A-002"), ("杨井村", "黑榜", "A-004"),
        ("杨井村", "黑榜", "A-003"), ("杨井村", "评价人数不足", "A-005"), ('梅槐"社区', "红榜", "B-001")]
    first = body[0]
    assert first[2] == 1 and first[4] == "<b>渠</b>" and first[5] == "H-A-001"
    assert first[6] == HOSTILE and first[7] == 4.4 and first[8] == "3.8–5.0" and first[9] == 12
    assert sheet.cell(3, 8).number_format == "0.0"
    assert body[2][6] == FORMULA and sheet.cell(5, 7).data_type == "s"  # a name, not a formula
    assert body[4][2] is None and body[4][7] is None and body[4][8] is None and body[4][9] == 2
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist()
                      if name.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "hyperlink" not in xml.lower()


def test_the_spreadsheet_speaks_english_and_refuses_other_suffixes(hostile_board, tmp_path):
    board_xlsx(hostile_board, tmp_path / "board.xlsx", "en")
    rows = list(openpyxl.load_workbook(tmp_path / "board.xlsx").active.iter_rows(values_only=True))
    assert rows[1][1] == "List" and rows[1][8] == "90% interval" and "2026-11-01" in rows[0][0]
    assert {r[1] for r in rows[2:]} == {"Red list", "Black list", "Not enough ratings"}
    with pytest.raises(InputError):
        board_xlsx(hostile_board, tmp_path / "board.csv", "en")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.data = [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data):
        self.data.append(data)


def test_the_printable_page_is_a4_escaped_and_loads_nothing(hostile_board):
    page = board_html(hostile_board, "zh")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "@page { size: A4; margin: 15mm }" in page and "page-break-inside: avoid" in page
    assert '"Microsoft YaHei"' in page and 'lang="zh-CN"' in page
    parsed = Tags()
    parsed.feed(page)
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p",
                                "br", "b", "section", "table", "thead", "tbody", "tr", "th", "td"}
    assert parsed.attributes <= {"lang", "charset", "http-equiv", "content", "class", "colspan"}
    assert "<script" not in page.lower() and "<img" not in page.lower()
    text = "".join(parsed.data)
    assert HOSTILE in text and FORMULA in text and "<b>渠</b>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "2026年11月&lt;script&gt;" in page
    assert page.count("<section") == 2 and page.count('class="list red"') == 2
    assert page.count('class="list black"') == 2 and page.count('class="list not_enough"') == 1
    assert "红榜" in text and "黑榜" in text and "评价人数不足" in text and "4.4" in text
    assert "3.8–5.0" in text and "得分是怎么算的" in text


def test_the_printable_page_speaks_english(hostile_board):
    page = board_html(hostile_board, "en")
    assert 'lang="en"' in page and "Red list" in page and "Black list" in page
    assert "How the score is made" in page and "2026-11-30" in page


def test_the_demo_board_fills_one_row_per_listed_segment(demo_sqlite_url, tmp_path):
    db = open_database(demo_sqlite_url)
    shown = board(db, STAFF, closed_rounds(db)[0][0])
    board_xlsx(shown, tmp_path / "board.xlsx", "zh")
    sheet = openpyxl.load_workbook(tmp_path / "board.xlsx").active
    listed = sum(len(v.red) + len(v.black) + len(v.not_enough) for v in shown.villages)
    assert listed > 0 and sheet.max_row == 2 + listed
    page = board_html(shown, "zh")
    assert page.count("<section") == len(shown.villages)
    assert all(line.custodian_name in page for v in shown.villages for line in v.red)
