"""Reading the household register from CSV and .xlsx (watershed.geo.households)."""

import math

import openpyxl
import pytest

from tests.bad_inputs import BAD_INPUTS
from watershed.errors import InputError
from watershed.geo.households import COLUMNS, read_households

CHINESE = (
    "户编号,户主,村民小组,村/社区,电话,人口,经度,纬度\n"
    "007,张三,一组,梅槐村,138 0013 8000,3,112.08,30.37\n"
    "008,李四,二组,梅槐村,,4,,\n"
)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def assert_the_two_households(households):
    assert list(households.columns) == list(COLUMNS)
    first, second = households.to_dict("records")
    assert first == {
        "code": "007", "head_name": "张三", "group": "一组", "village": "梅槐村",
        "phone": "138 0013 8000", "members": 3, "lon": 112.08, "lat": 30.37,
    }
    assert second["code"] == "008" and second["phone"] == "" and second["members"] == 4
    assert math.isnan(second["lon"]) and math.isnan(second["lat"])
    assert str(households["members"].dtype) == "int64"
    assert str(households["lon"].dtype) == "float64"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_with_chinese_headers_is_read_in_any_usual_encoding(tmp_path, encoding):
    path = write(tmp_path / "农户.csv", CHINESE, encoding)
    assert_the_two_households(read_households(path))


def test_an_xlsx_is_read_with_codes_kept_as_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["户编号", "户主", "村民小组", "村（社区）", "电话", "人口", "经度", "纬度"])
    sheet.append(["007", "张三", "一组", "梅槐村", "138 0013 8000", 3, 112.08, 30.37])
    sheet.append(["008", " 李四 ", "二组", "梅槐村", None, 4.0, None, None])
    sheet.append([None] * 8)  # Excel often leaves blank rows at the end
    path = tmp_path / "农户.xlsx"
    workbook.save(path)
    households = read_households(path)
    assert_the_two_households(households)


def test_a_phone_stored_as_a_number_in_excel_is_read_without_a_decimal_point(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["code", "head_name", "group", "village", "members", "phone"])
    workbook.active.append(["MH-001", "张三", "一组", "梅槐村", 2, 13800138000])
    path = tmp_path / "phones.xlsx"
    workbook.save(path)
    assert read_households(path)["phone"].tolist() == ["13800138000"]


def test_english_headers_are_matched_ignoring_case_and_spaces(tmp_path):
    path = write(tmp_path / "households.csv",
                 " Code ,Head Name,GROUP,Village,Members\nMH-001,Zhang San,1,Meihuai,2\n")
    households = read_households(path)
    assert households.iloc[0]["head_name"] == "Zhang San"
    assert households.iloc[0]["phone"] == ""
    assert math.isnan(households.iloc[0]["lon"])


@pytest.mark.parametrize("village_header", ["村/社区", "村社区", "村（社区）"])
def test_every_spelling_of_the_village_header_is_accepted(tmp_path, village_header):
    path = write(tmp_path / "农户.csv", f"户编号,户主,村民小组,{village_header},人口\n1,张三,一组,梅槐村,2\n")
    assert read_households(path).iloc[0]["village"] == "梅槐村"


def test_formulas_in_a_csv_stay_text_and_are_not_evaluated(tmp_path):
    path = write(tmp_path / "农户.csv",
                 'code,head_name,group,village,members\n=1+1,"=HYPERLINK(""x"")",一组,梅槐村,2\n')
    households = read_households(path)
    assert households.iloc[0]["code"] == "=1+1"
    assert households.iloc[0]["head_name"] == '=HYPERLINK("x")'


def test_tab_separated_text_is_read_too(tmp_path):
    path = write(tmp_path / "农户.csv", "户编号\t户主\t村民小组\t村/社区\t人口\nMH-1\t张三\t一组\t梅槐村\t5\n")
    assert read_households(path).iloc[0]["members"] == 5


def test_every_bad_row_is_reported_with_its_spreadsheet_row_number(tmp_path, monkeypatch):
    monkeypatch.setenv("WATERSHED_LANGUAGE", "zh")
    path = write(tmp_path / "名册.csv",
                 "户编号,户主,村民小组,村/社区,人口,经度,纬度\n"
                 "MH-001,张三,一组,梅槐村,3,,\n"
                 "MH-002,,一组,梅槐村,0,,\n"
                 "\n"
                 "MH-001,王五,二组,梅槐村,2,112.08,\n")
    with pytest.raises(InputError) as refused:
        read_households(path)
    problems = [(p.key, p.params["row"]) for p in refused.value.problems]
    assert problems == [
        ("households.blank", 3), ("households.members_range", 3),
        ("households.code_duplicate", 5), ("households.coordinate_half", 5),
    ]
    assert refused.value.problems[2].params["first"] == 2
    assert "（另有 3 处问题）" in str(refused.value)


def test_many_bad_rows_among_thousands_are_each_reported_at_their_own_row(tmp_path):
    lines = ["code,head_name,group,village,members,lon,lat"]
    expected = []  # (key, row) in the order they must be listed
    for n in range(1, 3001):
        if n % 400 == 0:
            lines.append("")  # a blank line is left out but still takes up a row number
        row = len(lines) + 1
        if n % 7 == 0:
            lines.append(f"H{n},,一组,梅槐村,2,,")
            expected.append(("households.blank", row))
        elif n % 11 == 0:  # a repeat of the first code, and too many members
            lines.append("H1,张三,一组,梅槐村,31,,")
            expected += [("households.code_duplicate", row), ("households.members_range", row)]
        elif n % 13 == 0:
            lines.append(f"H{n},张三,一组,梅槐村,2,112.08,30.37,extra")
            expected.append(("households.row_too_long", row))
        elif n % 17 == 0:
            lines.append(f"H{n},张三,一组,梅槐村,2,,30.37")
            expected.append(("households.coordinate_half", row))
        else:
            lines.append(f"H{n},张三,一组,梅槐村,2,112.08,30.37")
    path = write(tmp_path / "名册.csv", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as refused:
        read_households(path)
    problems = refused.value.problems
    assert [(p.key, p.params["row"]) for p in problems] == expected
    assert {p.params["first"] for p in problems if p.key == "households.code_duplicate"} == {2}
    assert refused.value.params == problems[0].params


HOUSEHOLD_CASES = [case for case in BAD_INPUTS if case.kind == "households"]


@pytest.mark.parametrize("case", HOUSEHOLD_CASES, ids=[case.id for case in HOUSEHOLD_CASES])
def test_every_bad_household_file_is_refused_with_one_line_naming_the_file(tmp_path, case):
    path = case.make(tmp_path)
    with pytest.raises(InputError) as refused:
        read_households(path)
    assert refused.value.key == case.expected_key
    for lang in ("zh", "en"):
        text = refused.value.message(lang)
        assert path.name in text
        assert "\n" not in text
