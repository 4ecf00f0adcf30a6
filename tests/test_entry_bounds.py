"""What one segment can take, on SQLite and PostgreSQL: its progress entries add up to at most
ENTRY_OVER_PLAN times its planned silt and to both banks of its length, whoever records them,
and its plan is bounded by its length; so no mistyped figure makes the campaign look done."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import STAFF
from watershed.domain import dredging
from watershed.errors import InputError
from watershed.services.campaign.campaign import create_campaign, record_progress, update_work
from watershed.services.campaign.figures import campaign_figures
from watershed.services.common.actors import Actor
from watershed.services.common.clock import today
from watershed.services.custody.custody import assign
from watershed.store.tables import AuditEntry, Household, ProgressEntry, Segment, Work

DAY = today() - timedelta(days=2)


@pytest.fixture
def campaign(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    create_campaign(basin, STAFF, "百日攻坚", start=today() - timedelta(days=10), m3_per_metre=3.0)
    return basin


def _plan(db, code: str) -> tuple[float, float]:
    """(planned m³, length in metres) of the segment's work."""
    with db.read() as session:
        return session.execute(select(Work.planned_m3, Segment.length_m)
                               .join(Segment, Work.segment_id == Segment.id)
                               .where(Segment.code == code)).one()


def _custodian(db) -> Actor:
    with db.read() as session:
        household = session.scalars(select(Household).where(Household.code == "H-001")).one()
    return Actor("user-H-001", "custodian", household_id=household.id)


def _rows(db, model) -> int:
    with db.read() as session:
        return len(session.scalars(select(model)).all())


@pytest.mark.parametrize("who", ["staff", "custodian"])
def test_an_absurd_entry_is_refused_and_the_campaign_does_not_look_done(campaign, who):
    actor = STAFF if who == "staff" else _custodian(campaign)
    planned, _ = _plan(campaign, "ZQ-001")
    audit = _rows(campaign, AuditEntry)
    for typed in ("999999", "1e300", str(round(planned * 10, 1))):
        with pytest.raises(InputError) as refused:
            record_progress(campaign, actor, "ZQ-001", DAY, typed, state="done")
        assert refused.value.key in ("work.above_plan", "number.out_of_range")
    figures = campaign_figures(campaign, STAFF)
    assert figures.removed_m3 == 0 and figures.statuses["done"] == 0
    assert _rows(campaign, ProgressEntry) == 0 and _rows(campaign, AuditEntry) == audit


def test_the_refusal_names_the_field_the_value_and_what_may_still_be_entered(campaign):
    planned, _ = _plan(campaign, "ZQ-001")
    most = dredging.most_m3(planned)
    record_progress(campaign, STAFF, "ZQ-001", DAY, 100)
    with pytest.raises(InputError) as refused:
        record_progress(campaign, STAFF, "ZQ-001", DAY, most)
    message = refused.value.message("en")
    assert refused.value.key == "work.above_plan"
    for part in ("Silt removed (m³)", "ZQ-001", f"{dredging.ENTRY_OVER_PLAN} times",
                 f"{most - 100:,.1f}".rstrip("0").rstrip("."), "change the segment's plan"):
        assert part in message, (part, message)
    assert "河段 ZQ-001" in refused.value.message("zh")
    record_progress(campaign, STAFF, "ZQ-001", DAY, round(most - 100, 1))  # up to the bound: fine
    with pytest.raises(InputError):
        record_progress(campaign, STAFF, "ZQ-001", DAY, 0.1)


def test_a_corrected_entry_makes_room_again_and_a_raised_plan_allows_more(campaign):
    planned, _ = _plan(campaign, "ZQ-001")
    most = dredging.most_m3(planned)
    first = record_progress(campaign, STAFF, "ZQ-001", DAY, most)
    record_progress(campaign, STAFF, "ZQ-001", DAY, -50, corrects=first.id, note="多报了")
    record_progress(campaign, STAFF, "ZQ-001", DAY, 50)
    with pytest.raises(InputError):
        record_progress(campaign, STAFF, "ZQ-001", DAY, 1)
    update_work(campaign, STAFF, "ZQ-001", planned_m3=planned * 2)
    record_progress(campaign, STAFF, "ZQ-001", DAY, 1)


def test_bank_entries_add_up_to_at_most_both_banks_of_the_segment(campaign):
    _, length = _plan(campaign, "ZQ-001")
    record_progress(campaign, STAFF, "ZQ-001", DAY, 0, bank_m=round(length, 1))
    with pytest.raises(InputError) as refused:
        record_progress(campaign, STAFF, "ZQ-001", DAY, 0, bank_m=round(length * 1.5, 1))
    assert refused.value.key == "work.above_banks"
    assert "both its banks" in refused.value.message("en")


def test_a_plan_is_bounded_by_the_segments_length(campaign):
    _, length = _plan(campaign, "ZQ-001")
    with pytest.raises(InputError) as refused:
        update_work(campaign, STAFF, "ZQ-001", planned_m3=round(length * 60, 1),
                    planned_bank_m=round(length * 3, 1))
    assert [p.key for p in refused.value.problems] == ["work.plan_above_length"] * 2
    message = refused.value.message("en")
    assert "Planned silt (m³)" in message and "at most 50 per metre" in message, message
    update_work(campaign, STAFF, "ZQ-001", planned_m3=round(length * 50, 1),
                planned_bank_m=round(length * 2, 1))


def test_the_bounds_follow_from_the_plan_and_the_length():
    assert dredging.most_m3(300.0) == 900.0 and dredging.most_m3(0.1) == 0.3
    assert dredging.most_bank_m(120.04) == 240.0
    silt, bank = dredging.plan_limits(100.0)
    assert (silt.high, bank.high) == (5000.0, 200.0)
