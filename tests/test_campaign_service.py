"""The dredging campaign in the services, on SQLite and PostgreSQL: works, entries, corrections,
acceptance, and figures that are the same whether computed then or later for that day."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import RESIDENT, STAFF
from watershed.domain import dredging
from watershed.errors import Conflict, InputError, NotFound, PermissionDenied
from watershed.services.common.actors import Actor
from watershed.services.campaign.campaign import accept_work, create_campaign, record_progress, update_work
from watershed.services.campaign.figures import (by_group, campaign_figures, dredging_statuses,
                                                 my_works)
from watershed.services.common.clock import today
from watershed.services.custody.custody import assign
from watershed.store.tables import Household, ProgressEntry, Work

START = today() - timedelta(days=20)


@pytest.fixture
def campaign(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    create_campaign(basin, STAFF, "百日攻坚", start=START, m3_per_metre=3.0, bank_share=1.0)
    return basin


def keeper(db, code: str = "H-001") -> Actor:
    with db.read() as session:
        found = session.scalars(select(Household).where(Household.code == code)).one()
    return Actor(f"user-{code}", "custodian", household_id=found.id)


def test_a_campaign_plans_every_segment_from_its_length(campaign):
    figures = campaign_figures(campaign, STAFF)
    assert figures.days == 100 and figures.day == 21 and figures.end_date == START + timedelta(days=99)
    assert figures.planned_m3 == pytest.approx(figures.length_km * 1000 * 3.0, abs=1)
    assert figures.statuses == {"not_started": len(figures.works), "in_progress": 0, "done": 0,
                                "accepted": 0}
    assert figures.forecast is None and figures.late  # nothing dug yet: no rate to go by
    with pytest.raises(InputError) as bad:
        create_campaign(campaign, STAFF, "", days=0, m3_per_metre=-1, team="army")
    assert [p.key for p in bad.value.problems] == ["campaign.bad_name", "number.out_of_range",
                                                   "number.out_of_range_above", "campaign.bad_team"]
    with pytest.raises(PermissionDenied):
        create_campaign(campaign, RESIDENT, "x")
    with pytest.raises(NotFound) as channel:
        create_campaign(campaign, STAFF, "二期", channel_codes=["ZQ", "NOPE"])
    assert channel.value.key == "campaign.unknown_channel" and "NOPE" in channel.value.message("en")


def test_progress_corrections_and_acceptance_follow_the_rules(campaign):
    me = keeper(campaign)
    first = record_progress(campaign, me, "ZQ-001", START + timedelta(days=2), 120, 30)
    record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=3), 80, 0, state="done")
    with pytest.raises(InputError) as negative:
        record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=4), -20)
    assert negative.value.key == "work.negative_without_correction"
    record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=4), -20, corrects=first.id,
                    note="多报了 20 方")
    with pytest.raises(InputError) as below:
        record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=4), -500,
                        corrects=first.id)
    assert below.value.key == "work.below_zero"
    with pytest.raises(PermissionDenied):
        record_progress(campaign, keeper(campaign, "H-002"), "ZQ-001", START, 10)
    with pytest.raises(InputError):
        record_progress(campaign, STAFF, "ZQ-001", today() + timedelta(days=1), 10)
    own_staff = Actor("staff-of-h001", "staff", household_id=me.household_id)
    with pytest.raises(PermissionDenied) as own:
        accept_work(campaign, own_staff, "ZQ-001")
    assert own.value.key == "work.accept_own"
    with pytest.raises(Conflict):
        accept_work(campaign, STAFF, "ZQ-002")  # not done
    with pytest.raises(PermissionDenied):
        accept_work(campaign, me, "ZQ-001")  # custodians do not accept
    accept_work(campaign, STAFF, "ZQ-001", day=START + timedelta(days=5))
    with pytest.raises(Conflict):
        record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=6), 5)
    with pytest.raises(Conflict):
        accept_work(campaign, STAFF, "ZQ-001")
    with campaign.read() as session:
        assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 3
    figures = campaign_figures(campaign, STAFF)
    line = next(x for x in figures.works if x.code == "ZQ-001")
    assert (line.removed_m3, line.bank_m, line.status) == (180, 30, "accepted")
    assert figures.accepted_km == pytest.approx(line.length_m / 1000, abs=0.001)


def test_a_past_day_shows_what_the_figures_were_on_that_day(campaign):
    record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=1), 100)
    day_three = campaign_figures(campaign, STAFF, as_of=START + timedelta(days=2))
    record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=5), 50, state="done")
    record_progress(campaign, STAFF, "ZQ-002", START + timedelta(days=10), 70)  # recent: a rate
    later = campaign_figures(campaign, STAFF)
    again = campaign_figures(campaign, STAFF, as_of=START + timedelta(days=2))
    assert again == day_three  # computed later, for that day, it is what it was then
    assert (day_three.removed_m3, later.removed_m3) == (100, 220)
    assert day_three.statuses["in_progress"] == 1 and later.statuses["done"] == 1
    assert [d.remaining_m3 for d in later.burndown][:2] == [later.planned_m3, later.planned_m3 - 100]
    assert later.forecast is not None and later.forecast > today()
    statuses = dredging_statuses(campaign, START + timedelta(days=2))
    assert sorted(statuses.values()).count("in_progress") == 1
    villages = by_group(later.works, "village")
    assert villages["removed_m3"].sum() == 220 and set(villages.columns) >= {"removed_share"}


def test_status_rules_on_their_own():
    d = START
    entries = [dredging.Entry(d, 1, "progress"), dredging.Entry(d + timedelta(days=1), 2, "done")]
    assert dredging.status([], None, d) == "not_started"
    assert dredging.status(entries, None, d) == "in_progress"
    assert dredging.status(entries, None, d + timedelta(days=1)) == "done"
    taken_back = [*entries, dredging.Entry(d + timedelta(days=2), 3, "not_done")]
    assert dredging.status(taken_back, None, d + timedelta(days=2)) == "in_progress"
    assert dredging.status(entries, d + timedelta(days=3), d + timedelta(days=3)) == "accepted"
    assert dredging.forecast(100, {d: 10.0}, d, window=10) == d + timedelta(days=100)
    assert dredging.forecast(0, {}, d) == d and dredging.forecast(5, {}, d) is None


def test_no_campaign_is_a_clear_refusal(basin):
    with pytest.raises(NotFound):
        campaign_figures(basin, STAFF)
    assert dredging_statuses(basin) == {}
    with basin.read() as session:
        assert session.scalar(select(func.count()).select_from(Work)) == 0


def test_staff_change_a_segments_plan_and_team(campaign):
    update_work(campaign, STAFF, "ZQ-002", planned_m3=900, team="contractor", team_name=" 荆州清淤队 ")
    line = next(x for x in campaign_figures(campaign, STAFF).works if x.code == "ZQ-002")
    assert line.planned_m3 == 900
    with campaign.read() as session:
        work = session.scalars(select(Work).where(Work.planned_m3 == 900)).one()
    assert (work.team, work.team_name) == ("contractor", "荆州清淤队")
    with pytest.raises(InputError) as bad:
        update_work(campaign, STAFF, "ZQ-002", planned_m3=-1, team="army")
    assert [p.key for p in bad.value.problems] == ["number.out_of_range", "campaign.bad_team"]
    with pytest.raises(PermissionDenied):
        update_work(campaign, keeper(campaign), "ZQ-001", planned_m3=1)


def test_a_custodian_sees_the_campaign_work_on_the_segments_the_household_keeps(campaign):
    record_progress(campaign, STAFF, "ZQ-001", START + timedelta(days=1), 40)
    mine = my_works(campaign, keeper(campaign))
    assert [(w.code, w.status, w.removed_m3) for w in mine] == [("ZQ-001", "in_progress", 40)]
    assert my_works(campaign, keeper(campaign, "H-002")) == []  # keeps nothing
    with pytest.raises(PermissionDenied):
        my_works(campaign, STAFF)


def test_without_a_campaign_a_custodian_is_told_so(basin):
    with pytest.raises(NotFound):
        my_works(basin, keeper(basin))
