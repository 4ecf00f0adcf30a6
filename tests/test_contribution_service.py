"""The contribution ledger (投工投劳) on both databases: recording, refusals, withdrawal and the
village honour board."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import STAFF, run_cli
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor
from watershed.services.campaign.campaign import create_campaign
from watershed.services.common.clock import today
from watershed.services.ledgers.contributions import (contribution_lines, honour_board,
                                              record_contribution, withdraw_contribution)
from watershed.services.places.villages import villages
from watershed.store.tables import AuditEntry, Contribution


def _count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Contribution))


def test_each_kind_is_recorded_in_its_own_unit_with_its_work(basin):
    campaign = create_campaign(basin, STAFF, "百日攻坚")
    day = today() - timedelta(days=3)
    labour = record_contribution(basin, STAFF, "H-001", "labour", 2.5, day=day,
                                 segment_code="ZQ-001", note="清淤")
    machine = record_contribution(basin, STAFF, "H-002", "machine", "8", machine="挖掘机",
                                  campaign_id=campaign.id)
    stone = record_contribution(basin, STAFF, "H-003", "materials", "1200.50",
                                description="石料 5 方")
    money = record_contribution(basin, STAFF, "H-001", "money", 100.01)
    assert (labour.quantity, labour.value_fen, labour.day) == (2.5, None, day)
    assert (machine.quantity, machine.machine, machine.campaign_id) == (8.0, "挖掘机", campaign.id)
    assert (stone.value_fen, money.value_fen) == (120050, 10001)
    lines = {line.id: line for line in contribution_lines(basin, STAFF)}
    assert lines[labour.id].segment_code == "ZQ-001" and lines[money.id].amount == 100.01
    with basin.read() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action == "contribution.add")) == 4


@pytest.mark.parametrize("kind, amount, kwargs, key", [
    ("labour", 0, {}, "number.out_of_range_above"),
    ("labour", -1, {}, "number.out_of_range_above"),
    ("labour", 101, {}, "number.out_of_range_above"),
    ("labour", "many", {}, "number.not_a_number_above"),
    ("labour", float("nan"), {}, "number.not_a_number_above"),
    ("labour", 0.04, {}, "number.too_many_decimals_above"),  # tenths of a person-day
    ("machine", 3, {}, "ledger.no_machine"),
    ("materials", 30, {}, "ledger.no_description"),
    ("money", "1.005", {}, "number.too_many_decimals_above"),
    ("money", 2_000_000, {}, "number.out_of_range_above"),
    ("gold", 1, {}, "ledger.bad_kind"),
    ("labour", 1, {"day": "tomorrow"}, "ledger.future_day"),
    ("labour", 1, {"note": "x" * 501}, "ledger.too_long"),
])
def test_a_wrong_entry_is_refused_with_the_fix_named_and_nothing_written(basin, kind, amount,
                                                                         kwargs, key):
    if kwargs.get("day") == "tomorrow":
        kwargs = {"day": today() + timedelta(days=1)}
    with pytest.raises(InputError) as refused:
        record_contribution(basin, STAFF, "H-001", kind, amount, **kwargs)
    assert refused.value.key == key and _count(basin) == 0


def test_an_unknown_household_segment_or_campaign_is_named(basin):
    for kwargs, key in (({"household_code": "H-999"}, "ledger.unknown_household"),
                        ({"segment_code": "XX-001"}, "segment.unknown"),
                        ({"campaign_id": 42}, "ledger.unknown_campaign")):
        with pytest.raises(NotFound) as refused:
            record_contribution(basin, STAFF, kwargs.pop("household_code", "H-001"), "labour", 1,
                                **kwargs)
        assert refused.value.key == key
    assert _count(basin) == 0


@pytest.mark.parametrize("role", ["custodian", "resident", "leader"])
def test_only_staff_record_or_withdraw_but_everyone_reads_the_board(basin, role):
    actor = Actor("someone", role, household_id=1)
    with pytest.raises(PermissionDenied):
        record_contribution(basin, actor, "H-001", "labour", 1)
    entry = record_contribution(basin, STAFF, "H-001", "labour", 1)
    with pytest.raises(PermissionDenied):
        withdraw_contribution(basin, actor, entry.id, "错了")
    assert honour_board(basin, actor, "梅槐社区").kinds["labour"][0].household_code == "H-001"


def test_a_withdrawn_entry_stays_with_its_reason_and_no_longer_counts(basin):
    kept = record_contribution(basin, STAFF, "H-001", "labour", 3)
    wrong = record_contribution(basin, STAFF, "H-002", "labour", 30)
    with pytest.raises(InputError):
        withdraw_contribution(basin, STAFF, wrong.id, "  ")
    withdraw_contribution(basin, STAFF, wrong.id, "多填了一个零")
    with pytest.raises(Conflict):
        withdraw_contribution(basin, STAFF, wrong.id, "again")
    with pytest.raises(NotFound):
        withdraw_contribution(basin, STAFF, 9999, "none")
    lines = {line.id: line for line in contribution_lines(basin, STAFF)}
    assert lines[wrong.id].withdrawn_reason == "多填了一个零" and lines[kept.id].withdrawn_reason is None
    board = honour_board(basin, STAFF, "梅槐社区").kinds["labour"]
    assert [(line.household_code, line.total) for line in board] == [("H-001", 3.0)]


def test_the_board_ranks_each_kind_by_village_ties_share_a_rank_and_givers_only(basin):
    for code, kind, amount, extra in (
            ("H-001", "labour", 2, {}), ("H-001", "labour", 1.5, {}), ("H-002", "labour", 3.5, {}),
            ("H-001", "money", "50.5", {}), ("H-002", "money", "100", {}),
            ("H-002", "machine", 4, {"machine": "拖拉机"}),
            ("H-003", "labour", 9, {})):  # another village
        record_contribution(basin, STAFF, code, kind, amount, **extra)
    board = honour_board(basin, Actor("r", "resident", household_id=3), "梅槐社区")
    labour = [(line.rank, line.household_code, line.total, line.entries)
              for line in board.kinds["labour"]]
    assert labour == [(1, "H-001", 3.5, 2), (1, "H-002", 3.5, 1)]
    assert [(line.rank, line.household_code, line.total) for line in board.kinds["money"]] == [
        (1, "H-002", 100.0), (2, "H-001", 50.5)]
    assert [line.household_code for line in board.kinds["machine"]] == ["H-002"]
    assert board.kinds["materials"] == []
    assert set(villages(basin)) == {"新凤社区", "梅槐社区"}
    assert villages(basin, Actor("r", "resident", household_id=3))[0] == "新凤社区"  # H-003's
    assert villages(basin, Actor("r", "resident", household_id=1))[0] == "梅槐社区"
    with pytest.raises(NotFound):
        honour_board(basin, STAFF, "没有这个村")


def test_the_command_line_records_lists_and_refuses_with_error_lines(basin, capsys):
    url = basin.url
    status, out, _ = run_cli(capsys, url, "contribution", "add", "H-001", "--kind", "labour",
                             "--amount", "2.5", "--segment", "ZQ-001", "--note", "清淤")
    assert status == 0 and "H-001" in out and "2.5 person-days" in out
    status, out, _ = run_cli(capsys, url, "contribution", "add", "H-002", "--kind", "money",
                             "--amount", "100.01")
    assert status == 0 and "100.01 yuan" in out
    status, out, _ = run_cli(capsys, url, "contribution", "board", "--village", "梅槐社区")
    assert status == 0 and "#1  H-001  张大山 (一组)  2.5" in out and "#1  H-002" in out
    for args, words in ((("add", "H-001", "--kind", "machine", "--amount", "3"), "machine named"),
                        (("add", "H-999", "--kind", "labour", "--amount", "1"), "H-999"),
                        (("add", "H-001", "--kind", "money", "--amount", "1.005"),
                         "too many decimals: at most 2"),
                        (("withdraw", "99", "--reason", "x"), "no contribution entry 99"),
                        (("board", "--village", "无名村"), "无名村")):
        status, out, err = run_cli(capsys, url, "contribution", *args)
        assert status == 2 and err.startswith("error: ") and words in err and out == ""
    assert _count(basin) == 2
    status, out, _ = run_cli(capsys, url, "contribution", "withdraw", "1", "--reason", "记错了")
    assert status == 0 and "记错了" in out
