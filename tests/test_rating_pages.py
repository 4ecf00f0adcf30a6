"""The peer-rating pages in AppTest: 评一评 (a household rates the segments it was given) and
我的评分 (a custodian's scores, trend and comments); zh and en, refusals, hostile comments."""

import json
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.factories import STAFF
from tests.pages import page_app, shown
from watershed.domain.checks import DIMENSIONS
from watershed.services.evaluation import board
from watershed.services.evaluation import ratings
from watershed.services.accounts.users import add_user
from watershed.services.common.actors import Actor
from watershed.services.common.clock import today
from watershed.demo.rounds import closed_months, demo_name
from watershed.services.evaluation.rounds import close_round
from watershed.store.database import Database
from watershed.store.tables import (Custody, EvaluationRound, Household, Rating, RoundOffer,
                                    Segment, User)

HOSTILE = "<img src=x onerror=alert(1)>${alert(1)}</script><script>alert(1)</script>"
# The demo's closed rounds, named from the same (pinned) clock that built the demo.
ROUNDS = [demo_name(start) for start, _ in closed_months(today())]


@pytest.fixture
def db_at():
    """A Database on a URL, for the services a test calls beside the page; closed afterwards."""
    opened = []

    def open_(url: str) -> Database:
        opened.append(Database(url))
        return opened[-1]

    yield open_
    for database in opened:
        database.dispose()


def actor_of(db: Database, username: str) -> Actor:
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return Actor(user.username, user.role, user.household_id)


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def give_stars(app: AppTest, code: str, stars: dict[str, int]) -> AppTest:
    """Tap the stars of a card: {dimension: 1..5} (st.feedback counts from 0). The stars do not
    rerun the page (on_change="ignore"); the values go with the next run, as in the browser."""
    for dimension, count in stars.items():
        app.feedback(key=f"rate_star_{dimension}_{code}").set_value(count - 1)
    return app


def save(app: AppTest, code: str) -> AppTest:
    return app.button(key=f"rate_save_{code}").click().run()


def texts(app: AppTest) -> str:
    return "\n".join(shown(str(element.value)) for kind in ("title", "subheader", "markdown", "text",
                                                     "caption", "error", "success", "info",
                                                     "warning")
                     for element in getattr(app, kind))


def offers_of(db: Database, username: str) -> dict:
    return {offer.segment_code: offer for offer in ratings.my_offers(db, actor_of(db, username))[1]}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("username", ["resident", "custodian"])
def test_the_rate_page_shows_one_card_per_offered_segment_without_its_keeper(
        monkeypatch, demo_sqlite_url, db_at, username, language):
    app = page_app(monkeypatch, demo_sqlite_url, "rate", username, language)
    assert not app.exception and not app.error
    assert app.title[0].value == {"zh": "评一评", "en": "Rate segments"}[language]
    db = db_at(demo_sqlite_url)
    evaluation, offers = ratings.my_offers(db, actor_of(db, username))
    assert len(offers) == 5
    headings = [shown(h.value) for h in app.subheader]
    assert headings[0] == evaluation.name
    for offer in offers:  # each card: code and channel as its heading, then village and length
        assert any(offer.segment_code in h and offer.channel_name in h for h in headings)
        assert offer.village in texts(app)
        for dimension in DIMENSIONS:
            assert app.feedback(key=f"rate_star_{dimension}_{offer.segment_code}").value is None
        assert app.button(key=f"rate_save_{offer.segment_code}").proto.type == "primary"
    assert len(app.feedback) == 5 * len(DIMENSIONS) and len(app.text_area) == 5
    assert len(app.file_uploader) == 5
    pictures = app.get("image")  # each card: its signboard's map
    assert len(pictures) == 5
    progress = app.get("progress")[0].proto.text
    assert progress == {"zh": "已评 0/5", "en": "Rated 0 of 5"}[language]
    start = evaluation.start_date
    day = {"zh": f"{start.year}年{start.month}月{start.day}日", "en": start.isoformat()}[language]
    assert day in texts(app)
    with db.read() as session:  # raters rate the segment, not the person who keeps it
        keepers = set(session.scalars(
            select(Household.head_name).join(Custody, Custody.household_id == Household.id)
            .join(Segment, Custody.segment_id == Segment.id)
            .where(Segment.code.in_([offer.segment_code for offer in offers]))))
    assert keepers and not any(name in texts(app) for name in keepers)


def test_rating_a_segment_through_the_page_stores_it_and_says_so(monkeypatch, demo_copy, db_at,
                                                                tmp_path):
    db = db_at(demo_copy)
    code = sorted(offers_of(db, "resident"))[0]
    app = page_app(monkeypatch, demo_copy, "rate", "resident")
    give_stars(app, code, {"flow": 4, "water": 3, "banks": 5, "scenery": 2, "harmony": 1})
    app.text_area(key=f"rate_comment_{code}").input("岸边很干净")
    app.file_uploader[0].set_value([("bank.jpg", jpeg(), "image/jpeg")])
    app = save(app, code)
    assert not app.exception and not app.error
    assert [shown(s.value) for s in app.success] == ["已评，可修改", f"已保存河段 {code} 的评分，谢谢！"]
    assert app.get("progress")[0].proto.text == "已评 1/5"
    offer = offers_of(db, "resident")[code]
    assert offer.stars == {"flow": 4, "water": 3, "banks": 5, "scenery": 2, "harmony": 1}
    assert offer.comment == "岸边很干净"
    assert len([p for p in (tmp_path / "photos").rglob("*.jpg")]) == 1
    # The saved photo is not sent again by the next save: the card's uploader starts empty.
    assert app.session_state[f"rate_photo_number_{code}"] == 1 and not app.file_uploader[0].value

    # Opened again later, the card shows the stars given and says they can be changed.
    again = page_app(monkeypatch, demo_copy, "rate", "resident")
    assert [again.feedback(key=f"rate_star_{d}_{code}").value for d in DIMENSIONS] == [3, 2, 4, 1, 0]
    assert again.text_area(key=f"rate_comment_{code}").value == "岸边很干净"
    assert "已评，可修改" in [s.value for s in again.success] and not again.error


def test_a_second_save_changes_the_rating_and_keeps_it_one(monkeypatch, demo_copy, db_at):
    db = db_at(demo_copy)
    code = sorted(offers_of(db, "custodian"))[-1]
    app = page_app(monkeypatch, demo_copy, "rate", "custodian", "en")
    app = save(give_stars(app, code, dict.fromkeys(DIMENSIONS, 2)), code)
    assert not app.exception and f"Your rating of segment {code} is saved" in texts(app)
    app.feedback(key=f"rate_star_water_{code}").set_value(4)  # 5 stars for clear water now
    app.text_area(key=f"rate_comment_{code}").input("better")
    app = save(app, code)
    assert not app.exception and not app.error
    offer = offers_of(db, "custodian")[code]
    assert offer.stars == {**dict.fromkeys(DIMENSIONS, 2), "water": 5} and offer.comment == "better"
    evaluation, _ = ratings.my_offers(db, actor_of(db, "custodian"))
    with db.read() as session:
        count = session.scalar(select(func.count()).select_from(Rating).join(Segment)
                               .where(Segment.code == code, Rating.round_id == evaluation.id))
    assert count == 1
    assert app.get("progress")[0].proto.text == "Rated 1 of 5"


@pytest.mark.parametrize("language, message", [
    ("zh", "还有 2 项没打星：水清、人和。"),
    ("en", "2 item(s) have no stars yet: Clear water, Harmony."),
], ids=["zh", "en"])
def test_missing_stars_are_named_and_nothing_is_stored(monkeypatch, demo_copy, db_at, language,
                                                      message):
    db = db_at(demo_copy)
    code = sorted(offers_of(db, "resident"))[1]
    app = page_app(monkeypatch, demo_copy, "rate", "resident", language)
    app = save(give_stars(app, code, {"flow": 3, "banks": 3, "scenery": 3}), code)
    assert not app.exception and not app.success
    assert len(app.error) == 1 and app.error[0].value.startswith(message)
    assert all(offer.stars is None for offer in offers_of(db, "resident").values())
    # Another card's stars stay untouched and the chosen ones are still there to complete.
    assert app.feedback(key=f"rate_star_flow_{code}").value == 2


@pytest.mark.parametrize("username", ["staff", "leader"])
def test_the_rate_page_refuses_staff_and_leaders_with_a_message(monkeypatch, demo_sqlite_url,
                                                               username):
    app = page_app(monkeypatch, demo_sqlite_url, "rate", username, "en")
    assert not app.exception and not app.feedback and not app.button
    assert len(app.error) == 1 and "may not rate other households" in shown(app.error[0].value)


def test_the_rate_page_says_when_no_round_is_open(monkeypatch, demo_copy, db_at):
    db = db_at(demo_copy)
    evaluation, _ = ratings.my_offers(db, actor_of(db, "resident"))
    close_round(db, STAFF, evaluation.id)
    app = page_app(monkeypatch, demo_copy, "rate", "resident")
    assert not app.exception and not app.feedback
    assert app.info[0].value == "现在没有进行中的评比，暂时不用打分。"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_my_scores_shows_every_closed_round_of_both_segments_the_trend_and_comments(
        monkeypatch, demo_sqlite_url, db_at, language):
    app = page_app(monkeypatch, demo_sqlite_url, "my_scores", "custodian", language)
    assert not app.exception and not app.error
    assert app.title[0].value == {"zh": "我的评分", "en": "My scores"}[language]
    db = db_at(demo_sqlite_url)
    lines, comments = board.my_scores(db, actor_of(db, "custodian"))
    headings = [shown(h.value) for h in app.subheader]
    assert {"zh": "河段 THG-001", "en": "Segment THG-001"}[language] in headings
    assert {"zh": "河段 THG-002", "en": "Segment THG-002"}[language] in headings
    page = texts(app)
    for name in ROUNDS:  # once per segment
        assert [shown(m.value) for m in app.markdown].count(f"**{name}**") == 2
    for line in lines:
        score = {"zh": f"得分 **{line.score:.1f}** 分", "en": f"Score **{line.score:.1f}**"}[language]
        assert score in page and f"{line.ci_low:.1f}–{line.ci_high:.1f}" in page
        rank = {"zh": f"第 {line.rank} 名 / 共 {line.ranked_in_village} 段",
                "en": f"No. {line.rank} of {line.ranked_in_village} segments"}[language]
        assert rank in page
    chart = app.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    line_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line_layer["encoding"]["y"]["scale"]["domain"] == [1, 5]
    assert line_layer["encoding"]["x"]["sort"] == ROUNDS  # rounds in their order, oldest first
    assert {layer["mark"]["type"] for layer in spec["layer"]} == {"area", "line"}  # the interval
    data = convert_arrow_bytes_to_pandas_df(chart.datasets[0].data.data)
    assert len(data) == 6 and set(data["segment"]) == {"THG-001", "THG-002"}
    assert [t.value for t in app.text] == [c.comment for c in comments] and len(comments) >= 1


def test_my_scores_is_refused_to_a_resident_with_a_message(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "my_scores", "resident")
    assert not app.exception and not app.get("vega_lite_chart")
    assert len(app.error) == 1 and "resident" in shown(app.error[0].value)


def test_my_scores_says_so_when_the_household_has_no_scores_yet(monkeypatch, demo_copy, db_at):
    db = db_at(demo_copy)
    with db.read() as session:  # the demo resident's household keeps nothing, so has no scores
        household = session.scalar(select(Household.code).join(User).where(
            User.username == "resident"))
    add_user(db, STAFF, "newcomer", "custodian", "newcomer-password", household)
    app = page_app(monkeypatch, demo_copy, "my_scores", "newcomer")
    assert not app.exception and not app.error and not app.get("vega_lite_chart")
    assert app.info[0].value.startswith("您家河段还没有评比结果")


def test_a_hostile_comment_reaches_the_keeper_as_literal_text_only_once_the_round_closes(
        monkeypatch, demo_copy, db_at):
    db = db_at(demo_copy)
    evaluation, _ = ratings.my_offers(db, actor_of(db, "resident"))
    with db.read() as session:  # a household given THG-001 (kept by the demo custodian) to rate
        household = session.scalars(
            select(Household.code).join(RoundOffer, RoundOffer.household_id == Household.id)
            .join(Segment, RoundOffer.segment_id == Segment.id)
            .where(RoundOffer.round_id == evaluation.id, Segment.code == "THG-001")
            .order_by(Household.code)).first()
    assert household, "the demo should offer THG-001 to some household"
    add_user(db, STAFF, "rater", "resident", "rater-password", household)
    app = page_app(monkeypatch, demo_copy, "rate", "rater", "en")
    give_stars(app, "THG-001", dict.fromkeys(DIMENSIONS, 1))
    app.text_area(key="rate_comment_THG-001").input(HOSTILE)
    app = save(app, "THG-001")
    assert not app.exception and "THG-001" in texts(app)
    assert app.text_area(key="rate_comment_THG-001").value == HOSTILE  # a widget: shown as typed

    before = page_app(monkeypatch, demo_copy, "my_scores", "custodian", "en")
    assert HOSTILE not in [t.value for t in before.text]  # the round is still open

    close_round(db, STAFF, evaluation.id)
    after = page_app(monkeypatch, demo_copy, "my_scores", "custodian", "en")
    assert not after.exception
    assert [t.value for t in after.text].count(HOSTILE) == 1  # st.text: no markdown, no HTML
    for kind in ("title", "subheader", "markdown", "caption", "error", "success", "info", "warning"):
        assert not any("alert" in str(element.value) for element in getattr(after, kind))
    # One rating is too few for a score: the new round says so, and the chart leaves it out.
    assert "Not enough ratings" in [w.value for w in after.warning]
    assert texts(after).count(f"**{evaluation.name}**") == 2
    with db.read() as session:
        assert session.get(EvaluationRound, evaluation.id).status == "closed"
