"""Ponds through the campaign: status one step at a time, an agreement before clearing."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import RESIDENT, STAFF
from watershed.domain.ponds import BLOCKING, STATUSES, blocks, may_move
from watershed.errors import InputError, NotFound, PermissionDenied
from watershed.services.campaign.ponds import list_ponds, update_pond
from watershed.store.tables import AuditEntry


def test_a_status_moves_one_step_at_a_time():
    assert [may_move(a, b) for a, b in zip(STATUSES, STATUSES[1:])] == [True] * 3
    assert may_move("cleared", "negotiating") and not may_move("occupying", "cleared")
    assert not may_move("occupying", "occupying") and not may_move("occupying", "dug up")
    assert [blocks(s, "pond") for s in STATUSES] == [True, True, False, False] and BLOCKING


def test_staff_take_a_pond_from_occupying_to_reconnected_with_its_agreement(basin):
    (pond,) = list_ponds(basin, STAFF)
    assert pond.status == "occupying" and pond.agreement_date is None
    update_pond(basin, STAFF, pond.code, status="negotiating", owner=" 刘塘主 ")
    with pytest.raises(InputError) as early:
        update_pond(basin, STAFF, pond.code, status="cleared")
    assert early.value.key == "pond.no_agreement"
    update_pond(basin, STAFF, pond.code, status="cleared", agreement_date=date(2026, 5, 20),
                compensation_yuan=12000)
    update_pond(basin, STAFF, pond.code, status="reconnected")
    (after,) = list_ponds(basin, STAFF)
    assert (after.status, after.owner, after.agreement_date, after.compensation_yuan) == (
        "reconnected", "刘塘主", date(2026, 5, 20), 12000)
    with basin.read() as session:
        changes = session.scalars(select(AuditEntry).where(AuditEntry.action == "pond.update")).all()
    assert [c.after["status"] for c in changes] == ["negotiating", "cleared", "reconnected"]


def test_a_jump_a_bad_status_or_amount_is_named_and_nothing_changes(basin):
    (pond,) = list_ponds(basin, STAFF)
    with pytest.raises(InputError) as refused:
        update_pond(basin, STAFF, pond.code, status="reconnected", compensation_yuan=-5)
    assert [p.key for p in refused.value.problems] == ["pond.bad_move", "pond.no_agreement",
                                                       "number.out_of_range"]
    assert "占用" in refused.value.problems[0].message("zh")
    with pytest.raises(InputError):
        update_pond(basin, STAFF, pond.code, status="drained")
    with pytest.raises(NotFound):
        update_pond(basin, STAFF, "NO-SUCH", status="negotiating")
    with pytest.raises(PermissionDenied):
        update_pond(basin, RESIDENT, pond.code, status="negotiating")
    assert list_ponds(basin, STAFF) == [pond]
