"""The campaign's figures, read as columns and summed in the database, are what a plain
recomputation from every entry gives: per segment and in total, on a past day and today, after
corrections, takings-back of "done" and acceptances. On SQLite and PostgreSQL."""

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import STAFF
from watershed.domain import dredging
from watershed.services.campaign.campaign import (accept_work, create_campaign, record_progress,
                                                  update_work)
from watershed.services.campaign.figures import (by_group, campaign_figures, campaign_tables,
                                                 dredging_statuses, whole_campaign)
from watershed.services.common.clock import today
from watershed.store.tables import Acceptance, ProgressEntry, Segment, Work

START = today() - timedelta(days=20)


def day(n: int):
    return START + timedelta(days=n)


@pytest.fixture
def worked(basin):
    """Several entries a segment, in and out of the order of their days, with a correction, a
    done taken back, a done said again, a plan edited, and acceptances before and after the
    past days."""
    create_campaign(basin, STAFF, "百日攻坚", start=START, m3_per_metre=3.0, bank_share=1.0)
    first = record_progress(basin, STAFF, "ZQ-001", day(1), 40.5, 10)
    record_progress(basin, STAFF, "ZQ-001", day(3), 30, 5)
    record_progress(basin, STAFF, "ZQ-001", day(2), -12.5, corrects=first.id, note="多报")
    record_progress(basin, STAFF, "ZQ-001", day(4), 20, state="done")
    accept_work(basin, STAFF, "ZQ-001", day=day(12))
    record_progress(basin, STAFF, "ZQ-002", day(2), 15.3, 2.2, state="done")
    record_progress(basin, STAFF, "ZQ-002", day(6), 0, state="not_done")  # taken back
    record_progress(basin, STAFF, "ZQ-002", day(9), 7.7)
    update_work(basin, STAFF, "ZQ-002", planned_m3=400, planned_bank_m=80)  # a plan edited
    record_progress(basin, STAFF, "ZQ-003", day(5), 11, state="done")
    record_progress(basin, STAFF, "ZQ-003", day(5), 0, state="not_done")  # same day, later
    record_progress(basin, STAFF, "ZQ-003", day(8), 3, state="done")  # and done again
    record_progress(basin, STAFF, "ZQ-004", day(14), 9.9)  # after the past day only
    record_progress(basin, STAFF, "ZQ-005", day(1), 25, state="done")
    accept_work(basin, STAFF, "ZQ-005", day=day(7))
    return basin


def recomputed(db, as_of):
    """(segment id -> (removed m³, bank m, status), m³ removed per day), from every entry."""
    with db.read() as session:
        works = session.execute(select(Work.id, Work.segment_id)).all()
        entries = defaultdict(list)
        for entry in session.scalars(select(ProgressEntry)):
            if entry.day <= as_of:
                entries[entry.work_id].append(entry)
        accepted = dict(session.execute(select(Acceptance.work_id, Acceptance.day)).all())
    lines, by_day = {}, defaultdict(float)
    for work_id, segment_id in works:
        mine = entries[work_id]
        for entry in mine:
            by_day[entry.day] += entry.m3
        status = dredging.status([dredging.Entry(e.day, e.id, e.state) for e in mine],
                                 accepted.get(work_id), as_of)
        lines[segment_id] = (sum(e.m3 for e in mine), sum(e.bank_m for e in mine), status)
    return lines, dict(by_day)


@pytest.mark.parametrize("as_of", [day(4), day(6), day(10), today()], ids=str)
def test_the_figures_are_a_plain_recomputation_from_every_entry(worked, as_of):
    figures = campaign_figures(worked, STAFF, as_of)
    lines, by_day = recomputed(worked, as_of)
    assert {x.segment_id: (pytest.approx(x.removed_m3), pytest.approx(x.bank_m), x.status)
            for x in figures.works} == lines
    assert dredging_statuses(worked, as_of) == {k: v[2] for k, v in lines.items()}
    drawn = sorted(lines)[::2]  # a map asks only for the segments it draws
    assert dredging_statuses(worked, as_of, segment_ids=drawn) == {k: lines[k][2] for k in drawn}
    planned = sum(x.planned_m3 for x in figures.works)
    assert figures.removed_m3 == pytest.approx(sum(v[0] for v in lines.values()), abs=0.05)
    assert [d.remaining_m3 for d in figures.burndown] == pytest.approx(
        [max(0.0, planned - sum(m3 for d, m3 in by_day.items() if d <= day(n)))
         for n in range(len(figures.burndown))])
    assert figures.statuses == {s: [v[2] for v in lines.values()].count(s)
                                for s in dredging.STATUSES}
    assert figures == whole_campaign(worked, as_of)
    shared, tables = campaign_tables(worked, as_of)  # what 清淤进度 shares across sessions
    assert shared == replace(figures, works=[])
    assert all(tables[key].equals(by_group(figures.works, key)) for key in ("village", "channel"))


def test_the_statuses_on_the_past_days_are_the_ones_the_entries_say(worked):
    with worked.read() as session:
        code_of = dict(session.execute(select(Segment.id, Segment.code)).all())
    shown = {"ZQ-001", "ZQ-002", "ZQ-003", "ZQ-004", "ZQ-005"}

    def on(n: int) -> dict[str, str]:
        return {code_of[k]: v for k, v in dredging_statuses(worked, day(n)).items()
                if code_of[k] in shown}

    assert on(4) == {"ZQ-001": "done", "ZQ-002": "done", "ZQ-003": "not_started",
                     "ZQ-004": "not_started", "ZQ-005": "done"}
    assert on(6) == {"ZQ-001": "done", "ZQ-002": "in_progress", "ZQ-003": "in_progress",
                     "ZQ-004": "not_started", "ZQ-005": "done"}
    assert on(14) == {"ZQ-001": "accepted", "ZQ-002": "in_progress", "ZQ-003": "done",
                      "ZQ-004": "in_progress", "ZQ-005": "accepted"}
