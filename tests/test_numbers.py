"""Every number a person gives reaches its meaning or one clear refusal, never a traceback: the one
parser (watershed.domain.numbers) under Hypothesis and the named hostile values, every numeric
option of the command line, and every service a form passes numbers to, on SQLite and
PostgreSQL."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.conftest import built_once, copy_of, load_tiny_basin
from tests.factories import STAFF
from watershed.catalogue import text
from watershed.cli import main
from watershed.domain import dredging as works
from watershed.domain import ledgers
from watershed.domain.assignment import MAX_DISTANCE_KM, MAX_METRES
from watershed.domain.checks import INTERVAL_DAYS
from watershed.domain.network.check import NEAR_METRES, SNAP_METRES
from watershed.domain.numbers import Limits, NumberError, figure, parse, read
from watershed.domain.ponds import COMPENSATION
from watershed.domain.problems import STARS
from watershed.domain.rating import BOARD_SIZES, OFFERS, RADIUS_M
from watershed.errors import InputError
from watershed.services.ledgers import benefit
from watershed.services.evaluation import board
from watershed.services.campaign import campaign
from watershed.services.checks import checks
from watershed.services.ledgers import contributions
from watershed.services.custody import custody
from watershed.services.campaign import ponds
from watershed.services.problems import problems
from watershed.services.places import registers
from watershed.services.geometry import segmenting
from watershed.services.common.numbers import RECORD_ID, number
from watershed.store.database import Database
from watershed.store.tables import Base, Campaign, Contribution, Income, Pond, Segment, Work

# Every kind of number the program reads from a person.
ALL_LIMITS = [*ledgers.AMOUNT.values(), ledgers.INCOME, ledgers.RETAINED,
              ledgers.RETAINED_PERCENT, works.DAYS, works.M3_PER_METRE, works.BANK_SHARE,
              works.PLANNED_M3, works.PLANNED_BANK_M, works.ENTRY_M3, works.ENTRY_BANK_M,
              segmenting.TARGET_M, MAX_METRES, INTERVAL_DAYS, COMPENSATION, STARS, OFFERS,
              RADIUS_M, BOARD_SIZES, RECORD_ID, MAX_DISTANCE_KM, SNAP_METRES, NEAR_METRES]
YUAN = Limits(0, 100_000_000, 2)
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


# --- the parser -----------------------------------------------------------------------------

typed = st.text(alphabet="0123456789０１２３４５６７８９.,，．_ -+eExX", max_size=14) | st.text(max_size=8)
given_values = (typed | st.floats() | st.integers(min_value=-10**40, max_value=10**40)
                | st.decimals() | st.none() | st.booleans())


@given(given_values, st.sampled_from(ALL_LIMITS))
def test_any_value_is_read_within_its_limits_and_places_or_refused_with_a_reason(value, limits):
    try:
        kept = read(value, limits)
    except NumberError as refusal:
        assert refusal.reason in ("empty", "not_a_number", "not_whole", "too_many_decimals",
                                  "out_of_range")
        return
    assert limits.holds(kept) and kept.is_finite()
    assert kept == kept.quantize(Decimal(1).scaleb(-limits.decimals))


@st.composite
def within(draw):
    """(limits, a value it holds, kept in its places)."""
    limits = draw(st.sampled_from(ALL_LIMITS))
    low, high = Decimal(str(limits.low)), Decimal(str(limits.high))
    value = draw(st.decimals(min_value=low, max_value=high, places=limits.decimals,
                             allow_nan=False, allow_infinity=False))
    if limits.above_low and value == low:
        value = high
    return limits, value


@given(within(), st.booleans())
def test_a_number_written_with_thousands_separators_or_full_width_digits_reads_back_the_same(
        case, full_width):
    limits, value = case
    written = f"{value:,f}"
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert read(written, limits) == value


@pytest.mark.parametrize("value, expected", [
    ("１２３", Decimal(123)), ("1,000", Decimal(1000)), ("１２.５", Decimal("12.5")),
    ("１，０００", Decimal(1000)), ("１２，３４５．６７", Decimal("12345.67")), (" 42 ", Decimal(42)),
    ("－３", Decimal(-3)), ("1e3", Decimal(1000)), ("0", Decimal(0)), (0.1 + 0.2, Decimal("0.3")),
    (7, Decimal(7)), (Decimal("2.50"), Decimal("2.5")),
])
def test_numbers_as_people_type_them_in_china_are_read_with_their_meaning(value, expected):
    assert read(value, Limits(-1_000_000, 1_000_000, 2)) == expected


@pytest.mark.parametrize("value, reason", [
    ("1e30", "out_of_range"), ("123456789012345678901234567890", "out_of_range"),
    ("1e400", "out_of_range"), ("-5", "out_of_range"), ("1e-9", "too_many_decimals"),
    ("0.000000001", "too_many_decimals"), ("1.005", "too_many_decimals"),
    ("nan", "not_a_number"), ("NaN", "not_a_number"), ("inf", "not_a_number"),
    ("-inf", "not_a_number"), ("Infinity", "not_a_number"), ("0x10", "not_a_number"),
    ("1,00", "not_a_number"), ("1,2,3", "not_a_number"), ("1_000", "not_a_number"),
    ("abc", "not_a_number"), ("12 34", "not_a_number"), ("e5", "not_a_number"),
    ("", "empty"), ("   ", "empty"), (None, "empty"), (float("nan"), "not_a_number"),
    (float("inf"), "not_a_number"), (True, "not_a_number"), (1e300, "out_of_range"),
    (10**30, "out_of_range"), (Decimal("NaN"), "not_a_number"),
])
def test_hostile_values_are_refused_with_the_reason(value, reason):
    with pytest.raises(NumberError) as refused:
        read(value, YUAN)
    assert refused.value.reason == reason


def test_zero_is_refused_where_the_lowest_value_means_nothing_was_given():
    assert read("0", YUAN) == 0
    with pytest.raises(NumberError):
        read("0", Limits(0, 10, 2, above_low=True))


def test_a_fraction_where_a_whole_number_is_needed_is_refused_but_a_whole_float_is_read():
    with pytest.raises(NumberError) as refused:
        read("2.5", RECORD_ID)
    assert refused.value.reason == "not_whole"
    assert read(3.0, RECORD_ID) == 3 and read("３", RECORD_ID) == 3


@pytest.mark.parametrize("lang, field, words", [
    ("en", "Income (yuan)", ("'1e30'", "out of range", "above 0 and at most 100,000,000")),
    ("zh", "收益金额（元）", ("「1e30」", "超出范围", "大于 0 且不超过 100,000,000")),
])
def test_a_refusal_names_the_field_the_value_and_the_range_in_either_language(lang, field, words):
    with pytest.raises(InputError) as refused:
        number("1e30", "field.income_yuan", ledgers.INCOME)
    message = refused.value.message(lang)
    assert message.startswith(field) and all(word in message for word in words)
    assert "\n" not in message


def test_a_long_refused_value_is_quoted_short():
    with pytest.raises(InputError) as refused:
        number("9" * 500, "field.income_yuan", ledgers.INCOME)
    assert len(refused.value.message("en")) < 200


def test_parse_keeps_a_floats_shortest_decimal_form():
    assert parse(0.1) == Decimal("0.1") and parse(1e22) == Decimal("1E+22")


# --- the command line -----------------------------------------------------------------------

# Every table's rows counted in one statement: a count a table took a round trip each, two
# thirds of a PostgreSQL test below.
_COUNTS = select(*(select(func.count()).select_from(table).scalar_subquery().label(table.name)
                   for table in Base.metadata.sorted_tables))


def fingerprint(db) -> dict[str, int]:
    """The rows of every table: a write of any kind changes it (every write is audited)."""
    with db.read() as session:
        return dict(session.execute(_COUNTS).one()._mapping)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def planned_once(request, tmp_path_factory):
    """The tiny basin with a campaign over its segments, built once per backend: the hundreds of
    tests below each take a copy of it rather than building it again."""
    folder = tmp_path_factory.mktemp("planned")

    def build(db):
        load_tiny_basin(db, folder)
        campaign.create_campaign(db, STAFF, "百日攻坚")

    with built_once(request.param, folder, build) as url:
        yield url


@pytest.fixture
def planned(planned_once, tmp_path):
    with copy_of(planned_once, tmp_path) as url:
        database = Database(url)
        yield database
        database.dispose()


@pytest.fixture(scope="module")
def unwritten(planned_once, tmp_path_factory):
    """One copy of the planned basin for the tests of a value that must be refused: each shows
    that its refusal wrote nothing, so the next starts from the same rows as a copy of its own
    would. A copy per test (made, then dropped) took most of this module's time on PostgreSQL."""
    with copy_of(planned_once, tmp_path_factory.mktemp("unwritten")) as url:
        database = Database(url)
        yield database
        database.dispose()


def read_refuses(value, limits: Limits) -> bool:
    try:
        read(value, limits)
    except NumberError:
        return True
    return False


def cli(capsys, url: str, args: tuple[str, ...]) -> tuple[int, str, str]:
    """(status, stdout, stderr) of `watershed --database-url URL ARGS`; an argparse refusal is
    an exit, taken as its status. The URL goes first, so that ARGS may end with `-- VALUE`."""
    try:
        status = main(["--database-url", url, *args])
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@dataclass(frozen=True)
class Option:
    id: str
    args: tuple[str, ...]  # "{}" is where the value goes
    field: str
    limits: Limits

    def given(self, value: str) -> tuple[str, ...]:
        return tuple(arg.replace("{}", value) for arg in self.args)


OPTIONS = [
    Option("segment --length", ("segment", "--length={}"), "field.segment_length",
           segmenting.TARGET_M),
    Option("assign --max-metres-per-household",
           ("assign", "--auto", "--max-metres-per-household={}"), "field.max_metres", MAX_METRES),
    Option("campaign create --days", ("campaign", "create", "二期", "--days={}"),
           "field.campaign_days", works.DAYS),
    Option("campaign create --m3-per-metre", ("campaign", "create", "二期", "--m3-per-metre={}"),
           "field.m3_per_metre", works.M3_PER_METRE),
    Option("campaign create --bank-share", ("campaign", "create", "二期", "--bank-share={}"),
           "field.bank_share", works.BANK_SHARE),
    Option("works set --planned-m3", ("works", "set", "ZQ-001", "--planned-m3={}"),
           "field.planned_m3", works.PLANNED_M3),
    Option("works set --planned-bank-m", ("works", "set", "ZQ-001", "--planned-bank-m={}"),
           "field.planned_bank_m", works.PLANNED_BANK_M),
    Option("contribution add --amount labour",
           ("contribution", "add", "H-001", "--kind", "labour", "--amount={}"),
           "field.amount_labour", ledgers.AMOUNT["labour"]),
    Option("contribution add --amount machine",
           ("contribution", "add", "H-001", "--kind", "machine", "--machine", "挖掘机",
            "--amount={}"), "field.amount_machine", ledgers.AMOUNT["machine"]),
    Option("contribution add --amount materials",
           ("contribution", "add", "H-001", "--kind", "materials", "--description", "石料",
            "--amount={}"), "field.amount_materials", ledgers.AMOUNT["materials"]),
    Option("contribution add --amount money",
           ("contribution", "add", "H-001", "--kind", "money", "--amount={}"),
           "field.amount_money", ledgers.AMOUNT["money"]),
    Option("contribution add --campaign",
           ("contribution", "add", "H-001", "--kind", "labour", "--amount", "1", "--campaign={}"),
           "field.campaign_id", RECORD_ID),
    Option("contribution withdraw ID", ("contribution", "withdraw", "--reason", "错", "--", "{}"),
           "field.contribution_id", RECORD_ID),
    Option("benefit income --amount", ("benefit", "income", "--source", "other", "--amount={}"),
           "field.income_yuan", ledgers.INCOME),
    Option("benefit distribute --retain",
           ("benefit", "distribute", "--rule", "per-household", "--retain={}"),
           "field.retain_yuan", ledgers.RETAINED),
    Option("benefit distribute --retain-percent",
           ("benefit", "distribute", "--rule", "per-household", "--retain-percent={}"),
           "field.retain_percent", ledgers.RETAINED_PERCENT),
    Option("round open --offers", ("round", "open", "--offers={}"), "field.offers", OFFERS),
    Option("round open --radius", ("round", "open", "--radius={}"), "field.radius_m", RADIUS_M),
    Option("round close ID", ("round", "close", "--", "{}"), "field.round_id", RECORD_ID),
    Option("board ID", ("board", "--", "{}"), "field.round_id", RECORD_ID),
    Option("board --size", ("board", "--size={}", "1"), "field.board_size", BOARD_SIZES),
    Option("pond --compensation", ("pond", "YT-01", "--compensation={}"),
           "field.compensation_yuan", COMPENSATION),
    Option("assign --max-distance-km", ("assign", "--auto", "--max-distance-km={}"),
           "field.max_distance_km", MAX_DISTANCE_KM),
    Option("network check --snap-metres", ("network", "check", "--snap-metres={}"),
           "field.snap_metres", SNAP_METRES),
    Option("network check --near-metres", ("network", "check", "--near-metres={}"),
           "field.near_metres", NEAR_METRES),
    Option("network orient --snap-metres", ("network", "orient", "--snap-metres={}"),
           "field.snap_metres", SNAP_METRES),
    Option("network join --snap-metres", ("network", "join", "--snap-metres={}"),
           "field.snap_metres", SNAP_METRES),
]
HOSTILE = ["1e30", "123456789012345678901234567890", "1e-9", "-5", "0", "nan", "inf", "-inf",
           "1e400", "0x10", "", "1,00", "1_000", "abc"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("option", OPTIONS, ids=[option.id for option in OPTIONS])
def test_a_hostile_number_on_the_command_line_is_one_error_line_naming_the_field_and_range(
        option, value, planned_once, request, capsys):
    # A value the option takes goes on to write: that test needs a copy of its own.
    planned = request.getfixturevalue(
        "unwritten" if read_refuses(value, option.limits) else "planned")
    before = fingerprint(planned)
    status, out, err = cli(capsys, planned.url, option.given(value))
    assert "Traceback" not in err and err.count("\n") <= 1, err
    try:
        read(value, option.limits)
    except NumberError as refusal:
        assert status == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1
        assert text(option.field, "en") in err, err
        if refusal.reason == "out_of_range":
            low, high = (figure(end, option.limits.decimals)
                         for end in (option.limits.low, option.limits.high))
            assert f"{low} and at most {high}" in err or f"{low} to {high}" in err, err
        assert fingerprint(planned) == before
    else:  # a value this option takes (0 of a bank share): the command goes on with it
        assert text(option.field, "en") not in err, err


def latest(column):
    return select(column).order_by(column.table.c.id.desc()).limit(1)


@pytest.mark.parametrize("args, query, expected", [
    (("benefit", "income", "--source", "other", "--amount=１２.５"), latest(Income.amount_fen),
     1250),
    (("benefit", "income", "--source", "other", "--amount=1,000"), latest(Income.amount_fen),
     100000),
    (("benefit", "income", "--source", "other", "--amount=１，０００"), latest(Income.amount_fen),
     100000),
    (("contribution", "add", "H-001", "--kind", "labour", "--amount=１２.５"),
     latest(Contribution.quantity), 12.5),
    (("contribution", "add", "H-001", "--kind", "money", "--amount=1,000"),
     latest(Contribution.value_fen), 100000),
    (("pond", "YT-01", "--compensation=１，０００.５"), latest(Pond.compensation_yuan), 1000.5),
    (("campaign", "create", "二期", "--days=１２３"), latest(Campaign.days), 123),
    (("works", "set", "ZQ-001", "--planned-m3=1,000"),
     select(func.count()).select_from(Work).where(Work.planned_m3 == 1000), 1),
    (("segment", "--force", "--length=２５０"),
     select(func.count()).select_from(Segment).where(Segment.retired_at.is_(None)), 6),
])
def test_numbers_typed_the_chinese_way_reach_their_meaning(args, query, expected, planned, capsys):
    status, out, err = cli(capsys, planned.url, args)
    assert status == 0 and err == "", err
    with planned.read() as session:
        assert session.scalar(query) == expected


def test_an_id_typed_in_full_width_digits_names_the_record(planned, capsys):
    contributions.record_contribution(planned, STAFF, "H-001", "labour", 1)
    status, out, err = cli(capsys, planned.url, ("contribution", "withdraw", "１", "--reason", "错"))
    assert status == 0 and "#1" in out


@pytest.mark.parametrize("args, says", [
    (("nonsense",), "invalid choice: 'nonsense'"),
    (("contribution", "add", "H-001", "--amount", "1"), "--kind"),
    (("benefit", "income", "--amount", "-inf", "--source", "other"), "--amount"),
    (("round", "open", "--offers", "5", "--offers"), "--offers"),
])
def test_the_command_lines_own_refusals_are_one_error_line_too(args, says, planned, capsys):
    status, out, err = cli(capsys, planned.url, args)
    assert status == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, err
    assert says in err and "usage:" not in err and "--help" in err


def test_a_progress_file_takes_numbers_typed_the_chinese_way_and_names_the_row_of_a_bad_one(
        planned, tmp_path, capsys):
    from watershed.services.common.clock import today
    from watershed.store.tables import ProgressEntry

    day = today().isoformat()
    good = tmp_path / "good.csv"
    # (1,000 m of bank would be more than both banks of the segment: the silt takes it.)
    good.write_text(f'河段,日期,清淤方量,护岸米数\nZQ-001,{day},"1,000",１２.５\n', encoding="utf-8")
    status, _, err = cli(capsys, planned.url, ("works", "import", str(good)))
    assert status == 0 and err == "", err
    with planned.read() as session:
        assert session.execute(select(ProgressEntry.m3, ProgressEntry.bank_m)).one() == (1000, 12.5)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"segment,date,m3\nZQ-002,{day},5\nZQ-002,{day},1e400\n", encoding="utf-8")
    before = fingerprint(planned)
    status, _, err = cli(capsys, planned.url, ("works", "import", str(bad)))
    assert status == 2 and err.count("\n") == 1 and "row 3" in err and "Silt removed" in err
    assert "out of range" in err and fingerprint(planned) == before


def test_a_household_register_reads_full_width_and_separated_numbers(tmp_path):
    from tests.factories import households_file
    from watershed.geo.households import read_households

    rows = [dict(code="H-1", head_name="张三", group="一组", village="梅槐村", phone="", members="４",
                 lon="１１２.０８", lat="30.37")]
    read = read_households(households_file(tmp_path, rows)).iloc[0]
    assert (read["members"], read["lon"], read["lat"]) == (4, 112.08, 30.37)
    for members, key in (("1_000", "households.members_not_whole"),
                         ("nan", "households.members_not_whole"),
                         ("1e400", "households.members_range")):
        with pytest.raises(InputError) as refused:
            read_households(households_file(tmp_path, [{**rows[0], "members": members}]))
        assert refused.value.key == key


# --- the services, as a form calls them -----------------------------------------------------

FORM_FLOATS = [float("nan"), float("inf"), float("-inf"), 1e300, 10**30]


def _problem_merge(db, value):
    duplicate = problems.report_problem(db, STAFF, "ZQ-001", "rubbish", "垃圾")
    return lambda: problems.merge(db, STAFF, duplicate.id, value)


def _progress(db, value):
    from watershed.services.common.clock import today
    return lambda: campaign.record_progress(db, STAFF, "ZQ-001", today(), value)


# (name, a call made with the value given as a form would)
SERVICE_CALLS = [
    ("contribution amount", lambda db, v: lambda: contributions.record_contribution(
        db, STAFF, "H-001", "money", v)),
    ("contribution withdrawn", lambda db, v: lambda: contributions.withdraw_contribution(
        db, STAFF, v, "错")),
    ("contribution campaign", lambda db, v: lambda: contributions.record_contribution(
        db, STAFF, "H-001", "labour", 1, campaign_id=v)),
    ("income", lambda db, v: lambda: benefit.record_income(db, STAFF, v, "other")),
    ("retained yuan", lambda db, v: lambda: benefit.distribute(db, STAFF, "per_household",
                                                               retain_yuan=v)),
    ("retained percent", lambda db, v: lambda: benefit.distribute(
        db, STAFF, "per_household", retain_percent=v)),
    ("campaign days", lambda db, v: lambda: campaign.create_campaign(db, STAFF, "二期", days=v)),
    ("campaign m3 per metre", lambda db, v: lambda: campaign.create_campaign(
        db, STAFF, "二期", m3_per_metre=v)),
    ("campaign bank share", lambda db, v: lambda: campaign.create_campaign(
        db, STAFF, "二期", bank_share=v)),
    ("planned m3", lambda db, v: lambda: campaign.update_work(db, STAFF, "ZQ-001",
                                                              planned_m3=v)),
    ("planned bank", lambda db, v: lambda: campaign.update_work(db, STAFF, "ZQ-001",
                                                                planned_bank_m=v)),
    ("progress m3", _progress),
    ("pond compensation", lambda db, v: lambda: ponds.update_pond(db, STAFF, "YT-01",
                                                                  compensation_yuan=v)),
    ("segment length", lambda db, v: lambda: segmenting.segment_channels(db, STAFF, target_m=v,
                                                                         force=True)),
    ("planned segment length", lambda db, v: lambda: segmenting.plan_segments(db, STAFF, v)),
    ("metres per household", lambda db, v: lambda: custody.auto_assign(
        db, STAFF, max_metres_per_household=v)),
    ("check interval", lambda db, v: lambda: checks.overdue_custodians(db, STAFF, v)),
    ("dashboard interval", lambda db, v: lambda: registers.dashboard_figures(db, STAFF, v)),
    ("board size", lambda db, v: lambda: board.board(db, STAFF, 1, size=v)),
    ("board round", lambda db, v: lambda: board.board(db, STAFF, v)),
    ("merged into", _problem_merge),
]


@pytest.mark.parametrize("value", FORM_FLOATS, ids=["nan", "inf", "-inf", "1e300", "10**30"])
@pytest.mark.parametrize("name, call", SERVICE_CALLS, ids=[name for name, _ in SERVICE_CALLS])
def test_a_service_refuses_a_non_finite_or_huge_number_from_a_form_and_writes_nothing(
        name, call, value, unwritten):
    attempt = call(unwritten, value)
    before = fingerprint(unwritten)
    with pytest.raises(InputError) as refusal:
        attempt()
    assert refusal.value.key.startswith("number.")
    assert fingerprint(unwritten) == before


def test_a_form_float_with_a_binary_fraction_is_kept_as_the_amount_typed(planned):
    entry = contributions.record_contribution(planned, STAFF, "H-001", "money", 0.1 + 0.2)
    assert entry.value_fen == 30
    assert benefit.record_income(planned, STAFF, 1234.5, "other").amount_fen == 123450
