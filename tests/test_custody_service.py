"""Custody: assign, end, history, permissions, and `assign --auto`."""

from datetime import date

import pytest

from tests.factories import RESIDENT, STAFF, run_cli
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.custody.custody import (assign, auto_assign, custody_history, end_custodies,
                                       end_custody, reassign)
from watershed.services.places.stats import basin_stats
from watershed.store.tables import AuditEntry



def test_a_household_keeps_a_segment_until_its_custody_ends_and_the_history_remembers(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    end_custody(basin, STAFF, "ZQ-001", end=date(2026, 6, 30), reason="搬家")
    assign(basin, STAFF, "ZQ-001", "H-002", start=date(2026, 7, 1))
    history = custody_history(basin, "ZQ-001")
    assert [(h.household_code, h.start_date, h.end_date, h.end_reason) for h in history] == [
        ("H-001", date(2026, 3, 1), date(2026, 6, 30), "搬家"),
        ("H-002", date(2026, 7, 1), None, ""),
    ]


def test_a_segment_has_one_primary_at_a_time_and_a_deputy_who_is_someone_else(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    with pytest.raises(Conflict) as taken:
        assign(basin, STAFF, "ZQ-001", "H-002")
    assert "H-001" in str(taken.value) and "unassign" in str(taken.value)
    assign(basin, STAFF, "ZQ-002", "H-001")
    with pytest.raises(Conflict):  # the keeper cannot also be its own deputy
        assign(basin, STAFF, "ZQ-002", "H-001", role="deputy")
    assign(basin, STAFF, "ZQ-002", "H-002", role="deputy")
    assert {h.role for h in custody_history(basin, "ZQ-002")} == {"primary", "deputy"}


def test_wrong_codes_dates_and_roles_are_refused(basin):
    with pytest.raises(NotFound):
        assign(basin, STAFF, "ZQ-999", "H-001")
    with pytest.raises(NotFound):
        assign(basin, STAFF, "ZQ-001", "H-999")
    with pytest.raises(InputError):
        assign(basin, STAFF, "ZQ-001", "H-001", role="boss")
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 5, 1))
    with pytest.raises(InputError):
        end_custody(basin, STAFF, "ZQ-001", end=date(2026, 4, 1))
    with pytest.raises(NotFound):
        end_custody(basin, STAFF, "ZQ-002")


def test_only_staff_may_assign_whatever_the_screen_showed(basin):
    with pytest.raises(PermissionDenied):
        assign(basin, RESIDENT, "ZQ-001", "H-001")
    with pytest.raises(PermissionDenied):
        auto_assign(basin, RESIDENT)


def test_every_custody_change_leaves_an_audit_row(basin):
    with basin.read() as session:
        before = session.query(AuditEntry).count()
    assign(basin, STAFF, "ZQ-001", "H-001")
    end_custody(basin, STAFF, "ZQ-001")
    with basin.read() as session:
        rows = session.query(AuditEntry).order_by(AuditEntry.id).all()[before:]
    assert [r.action for r in rows] == ["custody.start", "custody.end"]
    assert all(r.actor == STAFF.name for r in rows)


def test_ending_many_custodies_at_once_is_ending_each_with_its_audit_row(basin):
    for n in (1, 2, 3):
        assign(basin, STAFF, f"ZQ-00{n}", f"H-00{n}", start=date(2026, 3, 1))
    with basin.read() as session:
        before = session.query(AuditEntry).count()
    assert end_custodies(basin, STAFF, ["ZQ-001", "ZQ-003"], end=date(2026, 6, 30),
                         reason="搬家") == 2
    assert [(h.end_date, h.end_reason) for h in custody_history(basin, "ZQ-001")] == [
        (date(2026, 6, 30), "搬家")]
    assert custody_history(basin, "ZQ-002")[0].end_date is None
    with basin.read() as session:
        rows = session.query(AuditEntry).order_by(AuditEntry.id).all()[before:]
    assert [(r.action, r.after["segment"]) for r in rows] == [("custody.end", "ZQ-001"),
                                                              ("custody.end", "ZQ-003")]


def test_ending_many_custodies_refuses_the_whole_list_for_one_wrong_code_or_date(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    assign(basin, STAFF, "ZQ-002", "H-002", start=date(2026, 3, 1))
    with pytest.raises(NotFound):
        end_custodies(basin, STAFF, ["ZQ-001", "ZQ-003"])  # ZQ-003 is kept by nobody
    with pytest.raises(NotFound):
        end_custodies(basin, STAFF, ["ZQ-001", "NOPE-001"])
    with pytest.raises(InputError):
        end_custodies(basin, STAFF, ["ZQ-001", "ZQ-002"], end=date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        end_custodies(basin, RESIDENT, ["ZQ-001"])
    assert custody_history(basin, "ZQ-001")[0].end_date is None


def test_handing_a_segment_over_ends_the_old_custody_the_day_before_and_starts_the_new(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    reassign(basin, STAFF, "ZQ-001", "H-002", start=date(2026, 7, 1), reason="搬家")
    history = custody_history(basin, "ZQ-001")
    assert [(h.household_code, h.start_date, h.end_date, h.end_reason) for h in history] == [
        ("H-001", date(2026, 3, 1), date(2026, 6, 30), "搬家"),
        ("H-002", date(2026, 7, 1), None, ""),
    ]
    with basin.read() as session:
        actions = [r.action for r in session.query(AuditEntry).order_by(AuditEntry.id)][-2:]
    assert actions == ["custody.end", "custody.start"]


def test_handing_over_on_the_day_a_custody_began_ends_it_that_day(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    reassign(basin, STAFF, "ZQ-001", "H-002", start=date(2026, 3, 1), reason="选错了")
    assert [h.end_date for h in custody_history(basin, "ZQ-001")] == [date(2026, 3, 1), None]


def test_an_open_segment_is_simply_assigned_by_a_hand_over(basin):
    reassign(basin, STAFF, "ZQ-002", "H-003", start=date(2026, 5, 1))
    assert [(h.household_code, h.end_date) for h in custody_history(basin, "ZQ-002")] == [("H-003", None)]


def test_a_refused_hand_over_leaves_the_current_custody_as_it_was(basin):
    assign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 3, 1))
    assign(basin, STAFF, "ZQ-001", "H-002", role="deputy", start=date(2026, 3, 1))
    before = custody_history(basin, "ZQ-001")
    with pytest.raises(Conflict):  # the deputy cannot become the keeper while deputy
        reassign(basin, STAFF, "ZQ-001", "H-002", start=date(2026, 7, 1))
    with pytest.raises(Conflict):  # already the keeper
        reassign(basin, STAFF, "ZQ-001", "H-001", start=date(2026, 7, 1))
    with pytest.raises(InputError):  # before the current custody began
        reassign(basin, STAFF, "ZQ-001", "H-003", start=date(2026, 2, 1))
    with pytest.raises(NotFound):
        reassign(basin, STAFF, "ZQ-001", "H-999", start=date(2026, 7, 1))
    with pytest.raises(PermissionDenied):
        reassign(basin, RESIDENT, "ZQ-001", "H-003", start=date(2026, 7, 1))
    assert custody_history(basin, "ZQ-001") == before


def test_auto_assignment_gives_every_open_segment_a_custodian_of_its_village(basin):
    report = auto_assign(basin, STAFF)
    figures = basin_stats(basin)
    assert report.assigned == figures["segments"] == figures["segments_with_custodian"]
    assert report.unassigned == [] and report.other_village == []
    assert auto_assign(basin, STAFF).assigned == 0  # nothing is open any more


def test_auto_assignment_under_a_limit_says_what_it_could_not_do(basin, capsys):
    status, out, _ = run_cli(capsys, basin.url, "assign", "--auto", "--max-metres-per-household", "150")
    assert status == 0
    # Every segment is about 200 m, longer than any household may keep.
    assert basin_stats(basin)["segments_with_custodian"] == 0
    assert "--max-metres-per-household" in out and "ZQ-001" in out


def test_the_assign_commands_round_trip_on_the_command_line(basin, capsys):
    assert run_cli(capsys, basin.url, "assign", "ZQ-002", "H-002", "--start", "2026-04-01")[0] == 0
    status, out, _ = run_cli(capsys, basin.url, "custody", "ZQ-002")
    assert status == 0 and "2026-04-01" in out and "H-002" in out
    status, out, _ = run_cli(capsys, basin.url, "unassign", "ZQ-002", "--reason", "外出务工")
    assert status == 0
    status, _, err = run_cli(capsys, basin.url, "assign", "--auto", "ZQ-002")
    assert status == 2 and err.startswith("error: ")
