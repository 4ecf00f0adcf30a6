"""The problem figures, counted in the database, are what folding every problem's steps gives
(watershed.domain.problems.standing): on the demo's problems, today and a month on, when more
of them are overdue; and the queue's stage and overdue filters pick what filtering by hand picks."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.factories import STAFF
from watershed.domain import problems as rules
from watershed.services.common.clock import today
from watershed.services.common.actors import Actor
from watershed.services.problems.figures import (my_problems, problem_figures, problem_queue,
                                                 problems_in_view, upkeep_counts)
from watershed.services.problems.problems import standing_of
from watershed.store.tables import Household, Problem


def folded(db):
    with db.read() as session:
        problems = session.scalars(select(Problem).options(selectinload(Problem.steps))).all()
        return [(p.id, p.category, standing_of(p)) for p in problems]


@pytest.mark.parametrize("later", [0, 30])
def test_the_figures_are_what_folding_every_problems_steps_gives(demo_db, later):
    day = today() + timedelta(days=later)
    standings = folded(demo_db)
    figures = problem_figures(demo_db, STAFF, day)
    stages = Counter(s.stage for _, _, s in standings)
    overdue = [s for _, _, s in standings if s.overdue(day)]
    days = defaultdict(list)
    for _, category, s in standings:
        if s.closed_on is not None:
            days[category].append(rules.days_to_close(s.found_on, s.closed_on))
    assert figures.total == len(standings) and sum(stages.values()) > 0
    assert figures.open_by_stage == {stage: stages[stage] for stage in rules.OPEN_STAGES}
    assert figures.overdue == len(overdue)
    assert figures.by_level == dict(sorted(Counter(s.level for s in overdue).items()))
    assert figures.median_days == {c: rules.median_days(days[c]) for c in sorted(days)}
    assert figures.closed == {c: len(days[c]) for c in sorted(days)}
    with demo_db.read() as session:
        counts = upkeep_counts(session)
    assert figures.upkeep and [line.upkeep_problems for line in figures.upkeep] == [
        n for _, n in counts.most_common(len(figures.upkeep))]


def test_the_queues_filters_pick_what_filtering_by_hand_picks(demo_db):
    day = today() + timedelta(days=30)
    everything = problem_queue(demo_db, STAFF, today=day)
    for stage in rules.ALL_STAGES:
        assert problem_queue(demo_db, STAFF, stage=stage, today=day) == [
            line for line in everything if line.stage == stage]
    late = problem_queue(demo_db, STAFF, overdue=True, today=day)
    assert late and late == [line for line in everything if line.days_overdue > 0]


def test_the_map_draws_every_problem_still_in_the_loop(demo_db):
    shown = {id_: s.stage for id_, _, s in folded(demo_db) if s.stage not in rules.ENDS}
    drawn = problems_in_view(demo_db)
    assert {p.id: p.stage for p in drawn} == shown
    assert [p.id for p in drawn] == sorted((p.id for p in drawn), reverse=True)


def test_a_households_own_problems_are_what_the_whole_district_gives_for_it(demo_db):
    # my_problems reads one household's segments and hand-overs, not the district's: its count
    # and what it is asked to handle must match the district-wide reading.
    standings = {id_: s for id_, _, s in folded(demo_db)}
    with demo_db.read() as session:
        everyone = upkeep_counts(session)
        # Those with upkeep problems, and as many without (every one of the demo's 4,000 is
        # a query each).
        others = session.scalars(select(Household.id).where(Household.id.not_in(everyone))
                                 .order_by(Household.id).limit(len(everyone))).all()
        for household in [*everyone, *others]:
            assert upkeep_counts(session, household)[household] == everyone[household]
    assert sum(everyone.values()) > 0
    handlers = {s.assignee_household_id for s in standings.values() if s.stage == "assigned"}
    assert handlers - {None}
    for household in sorted(handlers - {None}):
        mine = my_problems(demo_db, Actor("h", "custodian", household_id=household))
        assert sorted(line.id for line in mine.to_handle) == sorted(
            id_ for id_, s in standings.items()
            if s.stage == "assigned" and s.assignee_household_id == household)
        assert mine.upkeep_problems == everyone[household]
