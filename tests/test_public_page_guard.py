"""The public page cannot be harvested: its address carries a token nobody can count to, and
each client may open only so many pages a minute and an hour (finding 10 of the trust sweep:
787 pages of names and masked phones read in 15 minutes by counting codes). Both databases."""

import warnings
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from tests.factories import STAFF, token_of
from tests.test_signboards import kept  # noqa: F401  (a fixture: a small basin kept by households)
from watershed.errors import NotFound, PermissionDenied
from watershed.services.signboards import public_segment as module
from watershed.services.signboards.public_segment import PER_HOUR, PER_MINUTE, public_segment
from watershed.services.signboards.signboards import signboards
from watershed.services.common.clock import now
from watershed.store.migrate import downgrade, upgrade
from watershed.store.tables import Segment


@pytest.fixture(autouse=True)
def fresh_pace(monkeypatch):
    """Each test counts its own visits (the server keeps one count for its life)."""
    monkeypatch.setattr(module, "_pace", module._Pace())


def test_counting_codes_opens_no_page_without_the_tokens(kept):  # noqa: F811
    boards = signboards(kept, STAFF)
    assert len(boards) > 3
    for board in boards:
        with pytest.raises(NotFound) as bare:
            public_segment(kept, board.code, "", client="harvester")
        assert bare.value.key == "public.no_token"
        for guess in ("0", board.code, "AAAAAAAAAAAA", token_of(kept, boards[0].code)[::-1]):
            with pytest.raises(NotFound) as guessed:
                public_segment(kept, board.code, guess, client=f"harvester-{guess}")
            assert guessed.value.key == "public.unknown"
            # A wrong token reads exactly like a code that does not exist.
            with pytest.raises(NotFound) as unknown:
                public_segment(kept, "ZQ-999", guess, client=f"harvester-{guess}")
            assert (guessed.value.message("zh").replace(board.code, "ZQ-999")
                    == unknown.value.message("zh"))
    shown = public_segment(kept, boards[1].code, token_of(kept, boards[1].code), client="walker")
    assert shown.board.code == boards[1].code


def test_tokens_are_each_segments_own_and_long_enough_not_to_be_guessed(kept):  # noqa: F811
    with kept.read() as session:
        tokens = session.scalars(select(Segment.public_token)).all()
    assert len(set(tokens)) == len(tokens) and all(len(token) == 12 for token in tokens)


def test_a_client_opening_too_many_pages_waits_and_others_do_not(kept, time_machine):  # noqa: F811
    code = signboards(kept, STAFF)[0].code
    token = token_of(kept, code)
    start = now()
    time_machine.move_to(start, tick=False)
    for _ in range(PER_MINUTE):
        public_segment(kept, code, token, client="192.0.2.1")
    with pytest.raises(PermissionDenied) as fast:
        public_segment(kept, code, token, client="192.0.2.1")
    assert fast.value.key == "public.too_fast" and fast.value.params == {"seconds": 60}
    assert "60 秒" in fast.value.message("zh")
    assert public_segment(kept, code, token, client="192.0.2.2").board.code == code
    time_machine.move_to(start + timedelta(seconds=61), tick=False)
    assert public_segment(kept, code, token, client="192.0.2.1").board.code == code
    # Within the hour: PER_HOUR pages, opened a minute's worth at a time.
    opened, at = PER_MINUTE + 1, start + timedelta(seconds=61)
    while opened < PER_HOUR:
        at += timedelta(minutes=1)
        time_machine.move_to(at, tick=False)
        for _ in range(min(PER_MINUTE, PER_HOUR - opened)):
            public_segment(kept, code, token, client="192.0.2.1")
            opened += 1
    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    with pytest.raises(PermissionDenied) as hourly:
        public_segment(kept, code, token, client="192.0.2.1")
    assert hourly.value.params["seconds"] > 60
    time_machine.move_to(start + timedelta(hours=1, minutes=1), tick=False)
    assert public_segment(kept, code, token, client="192.0.2.1").board.code == code


def test_the_migration_gives_every_stored_segment_a_token_of_its_own(kept):  # noqa: F811
    with kept.read() as session:
        codes = session.scalars(select(Segment.code)).all()
    try:
        downgrade(kept, "0011")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Did not recognize type 'geometry'")
            columns = {c["name"] for c in sa.inspect(kept.engine).get_columns("segments")}
        assert "public_token" not in columns
    finally:
        upgrade(kept)
    with kept.read() as session:
        rows = session.execute(select(Segment.code, Segment.public_token)).all()
    assert sorted(code for code, _ in rows) == sorted(codes)
    assert len({token for _, token in rows}) == len(rows) and all(token for _, token in rows)
