"""`watershed demo`: the synthetic Taihu Port basin, loaded once per backend for these tests."""

import json

import pytest
from sqlalchemy import func, inspect, select

from tests.conftest import new_database
from tests.factories import STAFF, run_cli
from watershed.errors import Conflict
from watershed.services.accounts.users import password_matches
from watershed.demo.load import load_demo
from watershed.services.places.basins import DEMO_PASSWORD, is_demo
from watershed.services.geometry.imports import import_layer
from watershed.services.places.stats import basin_stats
from watershed.store.database import Database
from watershed.store.migrate import upgrade
from watershed.services.common.actors import Actor
from watershed.services.evaluation.board import board, my_scores
from watershed.services.campaign.figures import by_group, campaign_figures
from watershed.services.common.clock import now
from watershed.services.checks.progress import progress_figures
from watershed.services.evaluation.ratings import my_offers
from watershed.services.evaluation.rounds import list_rounds
from watershed.store.tables import AuditEntry, Base, Basin, Check, Custody, Pond, User


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, tmp_path_factory):
    with new_database(request.param, tmp_path_factory.mktemp("demo")) as url:
        if url is None:
            pytest.skip("PostgreSQL not configured: set WATERSHED_TEST_DATABASE_URL")
        db = Database(url)
        upgrade(db)
        assert load_demo(db, STAFF).loaded
        yield db
        db.dispose()


def test_the_demo_basin_has_the_shape_the_issue_asks_for(demo_db):
    figures = basin_stats(demo_db)
    assert figures["synthetic"] and "合成" in figures["basin"]
    assert 100 <= figures["channel_length_km"] <= 250
    assert figures["ponds"] == 9 and figures["sources"] == 1
    assert 6 <= figures["villages"] <= 8
    assert 3000 <= figures["households"] <= 5000
    assert figures["segment_length_km"] == pytest.approx(figures["channel_length_km"], abs=0.001)


def test_at_least_95_percent_of_segments_are_kept_and_a_few_are_left_open(demo_db):
    figures = basin_stats(demo_db)
    share = figures["segments_with_custodian"] / figures["segments"]
    assert 0.95 <= share < 1.0


def test_the_basin_lies_where_the_taihu_port_basin_is(demo_db):
    with demo_db.read() as session:
        basin = session.scalars(select(Basin)).one()
    minx, miny, maxx, maxy = basin.boundary.bounds
    assert 112.02 <= minx and maxx <= 112.13 and 30.33 <= miny and maxy <= 30.42
    assert 50 <= basin.area_km2 <= 70


def test_the_demo_leaves_every_table_with_the_foreign_keys_it_was_made_with(demo_db):
    """On PostgreSQL the rounds are loaded with their keys set aside (watershed.store.keys)."""
    inspector = inspect(demo_db.engine)
    for table in Base.metadata.sorted_tables:
        found = sorted((tuple(k["constrained_columns"]), k["referred_table"])
                       for k in inspector.get_foreign_keys(table.name))
        made = sorted((tuple(c.name for c in k.columns), k.referred_table.name)
                      for k in table.foreign_key_constraints)
        assert found == made, table.name


def test_the_demo_accounts_exist_and_the_custodian_keeps_two_segments(demo_db):
    with demo_db.read() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        assert set(users) == {"staff", "custodian", "resident", "leader"}
        assert all(password_matches(u, DEMO_PASSWORD) for u in users.values())
        kept = session.scalar(select(func.count()).select_from(Custody).where(
            Custody.household_id == users["custodian"].household_id, Custody.end_date.is_(None)))
        assert kept >= 2
        assert users["resident"].household_id is not None


def test_the_demo_has_a_check_history_spread_over_the_freshness_bins(demo_db):
    figures = progress_figures(demo_db, STAFF)
    assert all(figures["freshness"][days] > 0 for days in figures["freshness"])  # every bin
    assert 0.4 < figures["checked_share"] < 0.8
    with demo_db.read() as session:
        checks = session.scalars(select(Check)).all()
        custodian = session.scalars(select(User).where(User.username == "custodian")).one()
        starts = dict(session.execute(select(Custody.segment_id, Custody.start_date)
                                      .where(Custody.end_date.is_(None), Custody.role == "primary"))
                      .all())
    assert all(c.at <= now() and c.segment_id in starts for c in checks)
    assert all(c.at.date() >= starts[c.segment_id] for c in checks)  # none before the custody
    assert 0 < sum(bool(c.problems) for c in checks) < len(checks) / 5
    # The demo custodian's own segments wait for a check.
    assert not [c for c in checks if c.household_id == custodian.household_id]


def test_the_demo_has_three_closed_rounds_to_read_and_one_open_to_rate(demo_db):
    with demo_db.read() as session:
        users = {u.username: u for u in session.scalars(select(User))}
    custodian = Actor("custodian", "custodian", household_id=users["custodian"].household_id)
    resident = Actor("resident", "resident", household_id=users["resident"].household_id)
    assert [r.status for r in list_rounds(demo_db, STAFF)] == ["open", "closed", "closed", "closed"]
    lines, comments = my_scores(demo_db, custodian)
    assert sorted({line.segment_code for line in lines}) == ["THG-001", "THG-002"]
    assert len({line.round_id for line in lines if line.score is not None}) == 3  # a trend
    evaluation, offers = my_offers(demo_db, resident)
    assert evaluation.status == "open" and len(offers) == 5 and not any(o.stars for o in offers)
    latest = board(demo_db, resident, list_rounds(demo_db, STAFF)[1].id)
    assert all(v.red and v.black for v in latest.villages if v.ranked >= 10)


def test_loading_the_demo_twice_changes_nothing(demo_db, capsys):
    with demo_db.read() as session:
        audit_rows = session.scalar(select(func.count()).select_from(AuditEntry))
    before = basin_stats(demo_db)
    status, out, _ = run_cli(capsys, demo_db.url, "demo")
    assert status == 0 and "nothing changed" in out
    assert basin_stats(demo_db) == before and is_demo(demo_db)
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows


def test_the_demo_campaign_is_about_day_60_with_uneven_progress_and_some_ponds_cleared(demo_db):
    with demo_db.read() as session:
        ponds = session.scalars(select(Pond).order_by(Pond.code)).all()
    assert [p.status for p in ponds].count("occupying") == 3
    assert {p.status for p in ponds} == {"occupying", "negotiating", "cleared", "reconnected"}
    assert all(p.agreement_date for p in ponds if p.status in ("cleared", "reconnected"))
    figures = campaign_figures(demo_db, STAFF)
    assert figures.day == 60 and figures.days == 100
    assert 0.3 < figures.removed_m3 / figures.planned_m3 < 0.7  # uneven, about half way
    assert all(figures.statuses[s] > 0 for s in figures.statuses)
    share = by_group(figures.works, "village")["removed_share"]
    assert share.max() - share.min() > 0.2  # some villages ahead, some behind


def test_stats_json_is_exactly_one_object_with_the_agreed_keys(demo_db, capsys):
    status, out, _ = run_cli(capsys, demo_db.url, "stats", "--json")
    figures = json.loads(out)
    assert status == 0 and out.count("\n") == 1
    for key in ("channels", "ponds", "segments", "households", "segments_with_custodian",
                "channel_length_km", "segment_length_km"):
        assert key in figures


def test_the_demo_refuses_a_database_that_holds_other_data(db, tmp_path, capsys):
    from tests.factories import channels_file

    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    with pytest.raises(Conflict):
        load_demo(db, STAFF)
    assert not load_demo(db, STAFF, only_if_empty=True).loaded
    assert basin_stats(db)["channels"] == 2


def test_demo_if_empty_never_puts_its_accounts_beside_real_ones(db, capsys):
    """Finding 4 of the trust sweep: `demo --if-empty` added staff/custodian/resident/leader with
    the published password to a database holding only an office's own accounts."""
    from watershed.services.accounts.users import add_user

    add_user(db, STAFF, "wang.ke", "staff", "office keeps the key 9")
    status, _, _ = run_cli(capsys, db.url, "demo", "--if-empty")
    assert status == 0
    status, _, err = run_cli(capsys, db.url, "demo")
    assert status == 2 and err.count("error:") == 1 and "accounts" in err
    with db.read() as session:
        assert session.scalars(select(User.username)).all() == ["wang.ke"]
        assert session.scalar(select(func.count()).select_from(Basin)) == 0
