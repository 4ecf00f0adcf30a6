"""The collective benefit ledger on both databases: incomes, distributions that reconcile to the
fen (counted from the stored rows), refusals that write nothing, and who may see what."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.factories import STAFF, households_file, pond_file, run_cli
from watershed.cli.ledgers import STATUS_KEYS
from watershed.errors import InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor
from watershed.services.ledgers.benefit import (distribute, household_receipts, income_lines,
                                        ledger_status, record_income)
from watershed.services.common.clock import now, today
from watershed.services.geometry.imports import import_households, import_layer
from watershed.store.database import Database
from watershed.store.tables import (AuditEntry, Contribution, DistributedIncome, Distribution,
                                    Household, Income, Pond, Share)

MEMBERS = (1, 2, 3, 4, 5, 6, 7)


@pytest.fixture
def seven(db, tmp_path):
    """Seven households of 1 to 7 members in two villages, and one pond."""
    rows = [dict(code=f"H-{n:03d}", head_name=f"户主{n}", group="一组" if n < 5 else "二组",
                 village="梅槐社区" if n < 5 else "新凤社区", phone="", members=members,
                 lon="", lat="") for n, members in enumerate(MEMBERS, start=1)]
    import_households(db, STAFF, households_file(tmp_path, rows))
    import_layer(db, STAFF, "ponds", pond_file(tmp_path))
    with db.write() as session:  # registered a year ago, so earlier distributions include them
        session.execute(update(Household).values(created_at=now() - timedelta(days=365)))
    return db


def _stored(db) -> dict:
    """The ledger summed straight from the tables, not through the service."""
    with db.read() as session:
        def total(column, *where):
            return int(session.scalar(select(func.coalesce(func.sum(column), 0)).where(*where)))
        taken = select(DistributedIncome.income_id)
        figures = {"income": total(Income.amount_fen), "shares": total(Share.amount_fen),
                   "retained": total(Distribution.retained_fen),
                   "open": total(Income.amount_fen, Income.id.not_in(taken))}
        for distribution in session.scalars(select(Distribution)):
            given = total(Share.amount_fen, Share.distribution_id == distribution.id)
            income = total(Income.amount_fen, Income.id.in_(
                select(DistributedIncome.income_id).where(
                    DistributedIncome.distribution_id == distribution.id)))
            assert income == distribution.income_fen == given + distribution.retained_fen
            assert given == distribution.distributed_fen
        return figures


def _rows(db, table) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_the_ledger_reconciles_to_the_fen_after_awkward_incomes_and_several_distributions(seven):
    day = today()
    record_income(seven, STAFF, "100.01", "pond_lease", pond_code="YT-01",
                  day=day - timedelta(days=40))
    first = distribute(seven, STAFF, "per_household", day=day - timedelta(days=30))
    assert first.households == 7 and first.income_fen == 10001 and first.retained_fen == 0
    record_income(seven, STAFF, 333.33, "fishing_rights", day=day - timedelta(days=20))
    record_income(seven, STAFF, "0.07", "other", day=day - timedelta(days=10))
    second = distribute(seven, STAFF, "per_person", retain_percent=15, day=day - timedelta(days=5))
    record_income(seven, STAFF, "1234.56", "pond_lease", day=day - timedelta(days=2))
    record_income(seven, STAFF, "999.99", "pond_lease", day=day)  # after the third's day
    third = distribute(seven, STAFF, "per_person", retain_yuan="0.01",
                       day=day - timedelta(days=1))
    figures = _stored(seven)
    assert figures["income"] == 10001 + 33333 + 7 + 123456 + 99999
    assert figures["income"] == figures["shares"] + figures["retained"] + figures["open"]
    assert figures["open"] == 99999  # dated after the last distribution's day
    assert second.income_fen == 33340 and second.retained_fen == 5001  # 15% rounded half up
    assert third.income_fen == 123456 and third.retained_fen == 1
    status = ledger_status(seven, STAFF)
    assert status.reconciles and (status.income_fen, status.distributed_fen, status.retained_fen,
                                  status.undistributed_fen) == (
        figures["income"], figures["shares"], figures["retained"], figures["open"])


def test_per_person_shares_follow_the_members_and_record_the_members_used(seven):
    record_income(seven, STAFF, "280", "pond_lease")
    made = distribute(seven, STAFF, "per_person")
    assert made.persons == sum(MEMBERS) == 28
    with seven.read() as session:
        rows = session.execute(select(Household.code, Share.members, Share.amount_fen)
                               .join(Share, Share.household_id == Household.id)
                               .order_by(Household.code)).all()
    assert [(members, fen) for _, members, fen in rows] == [(m, m * 1000) for m in MEMBERS]


def test_per_household_shares_of_100_01_yuan_over_seven_differ_by_at_most_one_fen(seven):
    record_income(seven, STAFF, "100.01", "fishing_rights")
    distribute(seven, STAFF, "per_household")
    with seven.read() as session:
        fen = list(session.scalars(select(Share.amount_fen).order_by(Share.amount_fen)))
    assert sum(fen) == 10001 and fen[-1] - fen[0] == 1


@pytest.mark.parametrize("call, key", [
    (lambda db: distribute(db, STAFF, "per_person"), "ledger.nothing_to_distribute"),
    (lambda db: distribute(db, STAFF, "per_village"), "ledger.bad_rule"),
])
def test_nothing_to_distribute_or_an_unknown_rule_is_refused(seven, call, key):
    with pytest.raises(InputError) as refused:
        call(seven)
    assert refused.value.key == key and _rows(seven, Distribution) == 0


def test_a_retained_amount_above_the_total_is_refused_and_nothing_is_written(seven):
    record_income(seven, STAFF, "50", "other")
    for kwargs, key in (({"retain_yuan": "50.01"}, "ledger.retain_above_total"),
                        ({"retain_percent": "150"}, "number.out_of_range"),
                        ({"retain_percent": "-1"}, "number.out_of_range"),
                        ({"retain_yuan": "1", "retain_percent": 10}, "ledger.retain_twice"),
                        ({"retain_yuan": "0.001"}, "number.too_many_decimals"),
                        ({"day": today() + timedelta(days=1)}, "ledger.future_day")):
        with pytest.raises(InputError) as refused:
            distribute(seven, STAFF, "per_household", **kwargs)
        assert refused.value.key == key
    assert (_rows(seven, Distribution), _rows(seven, Share), _rows(seven, DistributedIncome)) == (
        0, 0, 0)
    assert "50.00" in str(InputError("ledger.retain_above_total", retained="50.01", total="50.00"))


def test_retaining_everything_is_allowed_and_still_reconciles(seven):
    record_income(seven, STAFF, "12.34", "other")
    distribute(seven, STAFF, "per_household", retain_percent=100)
    assert ledger_status(seven, STAFF).reconciles and _stored(seven)["retained"] == 1234


def test_households_registered_after_the_day_have_no_share_in_it(seven, tmp_path):
    rows = [dict(code="H-NEW", head_name="新户", group="一组", village="梅槐社区", phone="",
                 members=3, lon="", lat="")]
    import_households(seven, STAFF, households_file(tmp_path, rows))
    record_income(seven, STAFF, "70", "other", day=today() - timedelta(days=3))
    made = distribute(seven, STAFF, "per_household", day=today() - timedelta(days=1))
    assert made.households == 7
    assert household_receipts(seven, STAFF, "H-NEW")[1] == []


def test_a_basin_without_households_cannot_distribute(db):
    record_income(db, STAFF, "10", "other")
    with pytest.raises(InputError) as refused:
        distribute(db, STAFF, "per_household")
    assert refused.value.key == "ledger.no_households" and _rows(db, Distribution) == 0


@pytest.mark.parametrize("amount, source, pond, key, error", [
    ("0", "other", None, "number.out_of_range_above", InputError),
    ("-5", "other", None, "number.out_of_range_above", InputError),
    ("1.005", "other", None, "number.too_many_decimals_above", InputError),
    ("10", "lottery", None, "ledger.bad_source", InputError),
    ("10", "pond_lease", "YT-99", "pond.unknown", NotFound),
])
def test_a_wrong_income_is_refused_with_the_fix_named(seven, amount, source, pond, key, error):
    with pytest.raises(error) as refused:
        record_income(seven, STAFF, amount, source, pond_code=pond)
    assert refused.value.key == key and _rows(seven, Income) == 0


def test_an_income_names_its_pond_and_every_write_is_audited(seven):
    record_income(seven, STAFF, "8000", "pond_lease", pond_code="YT-01", description="2026年承包费")
    distribute(seven, STAFF, "per_household", retain_yuan=800)
    line, = income_lines(seven, STAFF)
    assert line.pond_code == "YT-01" and line.amount_fen == 800000 and line.distribution_id
    with seven.read() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"income.add", "distribution.add"} <= actions


@pytest.mark.parametrize("role", ["custodian", "resident", "leader"])
def test_only_staff_record_income_or_distribute(seven, role):
    actor = Actor("someone", role, household_id=1)
    with pytest.raises(PermissionDenied):
        record_income(seven, actor, "10", "other")
    record_income(seven, STAFF, "10", "other")
    with pytest.raises(PermissionDenied):
        distribute(seven, actor, "per_household")
    assert _rows(seven, Distribution) == 0


def test_a_household_sees_its_own_receipts_and_is_refused_anothers(seven):
    record_income(seven, STAFF, "280", "pond_lease")
    distribute(seven, STAFF, "per_person")
    with seven.read() as session:
        third = session.scalars(select(Household).where(Household.code == "H-003")).one()
    resident = Actor("h3", "resident", household_id=third.id)
    code, lines = household_receipts(seven, resident)
    assert code == "H-003" and [(line.members, line.amount_fen) for line in lines] == [(3, 3000)]
    assert household_receipts(seven, resident, "H-003")[1] == lines
    for role in ("resident", "custodian"):
        with pytest.raises(PermissionDenied):
            household_receipts(seven, Actor("h3", role, household_id=third.id), "H-001")
    assert household_receipts(seven, STAFF, "H-007")[1][0].amount_fen == 7000
    assert household_receipts(seven, Actor("boss", "leader"), "H-001")[1][0].amount_fen == 1000


def test_the_command_line_records_distributes_and_reports_figures_that_reconcile(seven, capsys):
    url = seven.url
    status, out, _ = run_cli(capsys, url, "benefit", "income", "--amount", "100.01", "--source",
                             "pond-lease", "--pond", "YT-01", "--note", "承包费")
    assert status == 0 and "100.01 yuan" in out
    for args, words in ((("distribute", "--rule", "per-household", "--retain", "100.02"),
                         "retain at most 100.01 yuan"),
                        (("income", "--amount", "0.001", "--source", "other"),
                         "too many decimals: at most 2"),
                        (("income", "--amount", "5", "--source", "other", "--pond", "YT-9"),
                         "YT-9")):
        status, out, err = run_cli(capsys, url, "benefit", *args)
        assert status == 2 and err.startswith("error: ") and words in err and out == ""
    status, out, _ = run_cli(capsys, url, "benefit", "distribute", "--rule", "per-person",
                             "--retain-percent", "10")
    assert status == 0 and "90.01 yuan to 7 households (28 persons) + 10.00 yuan retained" in out
    status, out, err = run_cli(capsys, url, "benefit", "distribute", "--rule", "per-person")
    assert status == 2 and "no income left to distribute" in err
    status, out, _ = run_cli(capsys, url, "benefit", "status", "--json")
    figures = json.loads(out)
    assert list(figures) == list(STATUS_KEYS) and figures["reconciles"] is True
    assert (figures["income_yuan"], figures["distributed_yuan"], figures["retained_yuan"],
            figures["undistributed_yuan"]) == (100.01, 90.01, 10.0, 0.0)
    status, out, _ = run_cli(capsys, url, "benefit", "status")
    assert status == 0 and "reconciles" in out


def test_the_demo_has_pond_income_one_distribution_per_person_and_it_reconciles(demo_sqlite_url):
    db = Database(demo_sqlite_url)
    status = ledger_status(db, STAFF)
    assert status.reconciles and status.distributions == 1 and status.undistributed_fen > 0
    lines = income_lines(db, STAFF)
    leased = {line.pond_code for line in lines if line.source == "pond_lease"}
    with db.read() as session:
        reconnected = set(session.scalars(select(Pond.code).where(Pond.status == "reconnected")))
        made = session.scalars(select(Distribution)).one()
        kinds = dict(session.execute(select(Contribution.kind, func.count())
                                     .group_by(Contribution.kind)).all())
        withdrawn = session.scalar(select(func.count()).where(Contribution.withdrawn_at.is_not(None)))
    assert len(leased) == 2 and leased <= reconnected
    assert made.rule == "per_person" and made.retained_fen > 0
    assert made.households > 3000 and made.persons > made.households
    assert set(kinds) == {"labour", "machine", "materials", "money"} and sum(kinds.values()) >= 300
    assert withdrawn == 1
    db.dispose()


def test_two_distributions_at_once_share_out_the_income_only_once(seven, database_url):
    """The second starts while the first is not yet committed: SQLite makes it wait for the
    first and then finds nothing left; PostgreSQL lets it read the income as open, and the key
    of distributed_incomes refuses it when it tries to take the income too."""
    import threading
    import time

    from watershed.errors import WatershedError

    record_income(seven, STAFF, "100.01", "other")
    outcome = []

    def second():
        try:
            outcome.append(distribute(seven, STAFF, "per_household").id)
        except WatershedError as error:
            outcome.append(error.key)

    thread = threading.Thread(target=second)
    with seven.write() as session:
        distribute(session, STAFF, "per_household")
        thread.start()
        time.sleep(1.5)  # the second is now waiting on the first's lock
    thread.join()
    expected = ("ledger.nothing_to_distribute" if database_url.startswith("sqlite")
                else "ledger.distributed_meanwhile")
    assert outcome == [expected]
    status = ledger_status(seven, STAFF)
    assert status.reconciles and status.distributions == 1 and status.distributed_fen == 10001


def test_large_sums_in_fen_fit_the_columns_on_both_databases(seven):
    for _ in range(3):  # 90 million yuan is 9 billion fen: more than a 32-bit integer holds
        record_income(seven, STAFF, "30000000.01", "pond_lease")
    made = distribute(seven, STAFF, "per_person", retain_yuan="0.01")
    assert made.income_fen == 9_000_000_003 and _stored(seven)["shares"] == 9_000_000_002
    assert ledger_status(seven, STAFF).reconciles
