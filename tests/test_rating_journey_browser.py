"""The peer-evaluation journey in a real Chromium: a resident rates a segment with the stars on
the 评一评 page, staff close the round on the 评比轮次 page, and the 红黑榜 shows the result."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser import go_to, logged_in, pick, served_demo_copy, wait_for_app
from tests.factories import STAFF
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.services.common.actors import Actor
from watershed.services.evaluation.ratings import my_offers, rate
from watershed.services.evaluation.rounds import current_round
from watershed.services.places.registers import segment_table
from watershed.store.tables import Rating, RoundOffer, Segment, User

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

COMMENT = "河水清，岸边干净。"


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def rating_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("rating")) as app:
        yield app


def the_resident(db) -> Actor:
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == "resident")).one()
    return Actor("resident", "resident", household_id=user.household_id)


def two_more_ratings(db, code: str, resident: Actor) -> None:
    """Two other households offered the same segment give it five stars too, so that it has
    enough ratings to be ranked (the rest of this month's round has none)."""
    evaluation = current_round(db)
    with db.read() as session:
        segment_id = session.scalars(select(Segment.id).where(Segment.code == code)).one()
        others = session.scalars(select(RoundOffer.household_id).where(
            RoundOffer.round_id == evaluation.id, RoundOffer.segment_id == segment_id,
            RoundOffer.household_id != resident.household_id).order_by(RoundOffer.household_id)
        ).all()[:2]
    for household_id in others:
        rate(db, Actor(f"neighbour-{household_id}", "resident", household_id=household_id), code,
             dict.fromkeys(DIMENSIONS, 5))


def test_a_resident_rates_staff_close_the_round_and_the_board_shows_the_result(rating_app,
                                                                                chromium):
    resident = the_resident(rating_app.db)
    code = my_offers(rating_app.db, resident)[1][0].segment_code

    page, dialogs = logged_in(chromium, rating_app.address, "resident")
    go_to(page, zh("ui.rate.title"))
    for dimension in DIMENSIONS:  # the fifth star of each row
        page.locator(f".st-key-rate_star_{dimension}_{code} button").nth(4).click()
    page.locator(f".st-key-rate_comment_{code} textarea").fill(COMMENT)
    page.locator(f".st-key-rate_save_{code} button").click()
    wait_for_app(page)
    expect(page.get_by_text(zh("ui.rate.saved", segment=code))).to_be_visible()
    open_now = current_round(rating_app.db)
    with rating_app.db.read() as session:
        saved = session.scalars(select(Rating).where(Rating.round_id == open_now.id,
                                                     Rating.household_id == resident.household_id)).one()
    assert (saved.score, saved.comment) == (5.0, COMMENT)
    assert dialogs == []
    page.close()

    two_more_ratings(rating_app.db, code, resident)
    name = current_round(rating_app.db).name
    page, dialogs = logged_in(chromium, rating_app.address, "staff")
    go_to(page, zh("ui.rounds.title"))
    page.get_by_text(zh("ui.rounds.confirm")).click()
    wait_for_app(page)
    page.get_by_role("button", name=zh("ui.rounds.close_button")).click()
    wait_for_app(page)
    expect(page.get_by_text(zh("ui.rounds.closed", name=name))).to_be_visible()
    assert current_round(rating_app.db) is None

    go_to(page, zh("ui.board.title"))
    expect(page.get_by_role("combobox", name=zh("ui.board.pick_round"))).to_have_value(name)
    village = segment_table(rating_app.db, STAFF).set_index("code").at[code, "village"]
    pick(page, zh("ui.board.pick_village"), village)  # staff have no village of their own
    # The only segment of the round with enough ratings heads its village's red list, at 5.0.
    row = page.locator('[data-testid="stDataFrame"] tr').filter(
        has=page.locator("td").filter(has_text=re.compile(f"^{re.escape(code)}$")))
    expect(row.first).to_be_attached(timeout=30_000)
    expect(row.first).to_contain_text("5.0")
    assert dialogs == []
    page.close()
