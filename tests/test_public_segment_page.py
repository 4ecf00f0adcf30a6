"""The segment's public page in AppTest, with nobody logged in: it shows what the signboard shows,
the last check and the peer score, and nothing private; a wrong code, or an address without the
signboard's token, gets a plain message."""

import base64

import pytest
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from streamlit.testing.v1 import AppTest

from tests.factories import token_of
from tests.pages import shown
from watershed.domain.privacy import mask_phone
from watershed.services.evaluation.board import peer_scores
from watershed.services.signboards.public_segment import public_segment
from watershed.store.database import Database
from watershed.store.tables import Custody, Household, Segment

CODE = "GZQ-003"


def _public_script() -> None:
    """Runs inside Streamlit: the page alone, nobody in the session."""
    from watershed.ui.pages.signboards import public_segment

    public_segment.render()


def public_app(monkeypatch, url: str, code: str | None, language: str = "zh",
               token: str | None = None) -> AppTest:
    """The page as the QR code of `code` opens it (with its own token unless one is given)."""
    monkeypatch.setenv("WATERSHED_DATABASE_URL", url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    app = AppTest.from_function(_public_script, default_timeout=30)
    if code is not None:
        app.query_params["code"] = code
        app.query_params["t"] = token if token is not None else _token(url, code)
    return app.run()


def _token(url: str, code: str) -> str:
    database = Database(url)
    try:
        return token_of(database, code)
    except NoResultFound:  # no such live segment: any token will do to ask for it
        return "not-a-token"
    finally:
        database.dispose()


def everything(app: AppTest) -> str:
    """All the text the page shows."""
    parts = [shown(element.value) for kind in ("title", "header", "markdown", "caption", "info",
                                               "error", "warning", "success")
             for element in getattr(app, kind)]
    parts += [base64.b64decode(address.split(",", 1)[1]).decode("utf-8")
              for picture in app.image for address in picture.value]
    return "\n".join(parts)


def keepers(url: str) -> list:
    """(segment code, role, household code, head, phone) of every current custody."""
    database = Database(url)
    try:
        with database.read() as session:
            return session.execute(
                select(Segment.code, Custody.role, Household.code, Household.head_name,
                       Household.phone)
                .join(Custody, Custody.segment_id == Segment.id)
                .join(Household, Household.id == Custody.household_id)
                .where(Custody.end_date.is_(None), Segment.retired_at.is_(None))).all()
    finally:
        database.dispose()


def test_the_public_page_shows_the_board_the_last_check_and_the_score(monkeypatch,
                                                                       demo_sqlite_url):
    app = public_app(monkeypatch, demo_sqlite_url, CODE)
    assert not app.exception
    page = everything(app)
    database = Database(demo_sqlite_url)
    try:
        expected = public_segment(database, CODE, token_of(database, CODE))
        scores = peer_scores(database)
    finally:
        database.dispose()
    keeper = next(k for k in keepers(demo_sqlite_url) if k[0] == CODE and k[1] == "primary")
    assert CODE in page and expected.board.channel_name in page
    assert keeper[3] in page and mask_phone(keeper[4]) in page
    assert expected.board.supervisor.name in page and expected.board.supervisor.phone in page
    assert "每 7 天至少巡查一次" in page
    if expected.last_check is not None:
        day = expected.last_check
        assert f"{day.year}年{day.month}月{day.day}日" in page
    segment_score = expected.peer_score
    assert segment_score is None or f"{segment_score:.1f} 分" in page
    assert len(scores) > 0
    [picture] = app.image  # the small map, drawn as on the signboard
    [address] = picture.value
    assert address.startswith("data:image/svg+xml;base64,")
    assert f"河段 {CODE} 位置图" in base64.b64decode(address.split(",", 1)[1]).decode("utf-8")


def test_the_public_page_holds_nothing_private(monkeypatch, demo_sqlite_url):
    app = public_app(monkeypatch, demo_sqlite_url, CODE)
    page = everything(app)
    everyone = keepers(demo_sqlite_url)
    mine = [k for k in everyone if k[0] == CODE]
    own_names = {k[3] for k in mine}
    assert mine
    for _, _, household, head, phone in mine:
        assert household not in page and phone not in page
    others = [k for k in everyone if k[0] != CODE and k[3] not in own_names]
    assert others
    for _, _, household, head, phone in others:
        assert household not in page and head not in page and phone not in page


@pytest.mark.parametrize("code", ["NO-SUCH-1", "<img src=x onerror=alert(1)>", "x" * 300])
def test_an_unknown_code_gets_a_plain_message_not_a_traceback(monkeypatch, demo_sqlite_url, code):
    app = public_app(monkeypatch, demo_sqlite_url, code)
    assert not app.exception
    assert len(app.error) == 1 and "打不开河段" in shown(app.error[0].value)
    assert not app.image


@pytest.mark.parametrize("token", ["", "GZQ-003", "AAAAAAAAAAAA"])
def test_a_real_code_without_its_token_opens_nothing(monkeypatch, demo_sqlite_url, token):
    app = public_app(monkeypatch, demo_sqlite_url, CODE, token=token)
    assert not app.exception and not app.image and len(app.error) == 1
    message = shown(app.error[0].value)
    assert ("扫描公示牌上的二维码" in message) and "GZQ-003" in message
    keeper = next(k for k in keepers(demo_sqlite_url) if k[0] == CODE and k[1] == "primary")
    assert keeper[3] not in everything(app)


def test_without_a_code_the_page_says_how_to_open_it(monkeypatch, demo_sqlite_url):
    app = public_app(monkeypatch, demo_sqlite_url, None, "en")
    assert not app.exception and not app.error
    assert "QR code" in app.info[0].value
