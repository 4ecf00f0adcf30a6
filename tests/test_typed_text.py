"""Text with a NUL character (\\x00), on SQLite and PostgreSQL: refused before any service runs,
with a message that names the field, and nothing written; PostgreSQL cannot store it at all, and
SQLite would keep it invisibly."""

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from tests.factories import STAFF, households_file
from watershed.domain.checks import DIMENSIONS
from watershed.errors import InputError
from watershed.services.common.actors import Actor
from watershed.services.common.clashes import clash
from watershed.services.common.typed_text import refuse_nul
from watershed.services.custody.custody import assign, custody_history
from watershed.services.evaluation.ratings import rate
from watershed.services.evaluation.rounds import open_round
from watershed.services.geometry.imports import import_households
from watershed.services.ledgers.contributions import record_contribution
from watershed.services.problems.problems import report_problem
from watershed.store.tables import (AuditEntry, Contribution, Household, Problem, Rating,
                                    RoundOffer, Segment)

PASTED = "渠边有垃圾\x00堆"


def _count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def _refused(call) -> InputError:
    with pytest.raises(InputError) as refused:
        call()
    assert refused.value.key == "error.nul_in_text"
    return refused.value


def test_a_note_with_a_nul_is_refused_by_name_and_nothing_is_written(basin):
    audit = _count(basin, AuditEntry)
    error = _refused(lambda: record_contribution(basin, STAFF, "H-001", "labour", 1, note=PASTED))
    assert error.message("en").startswith("The note contains a NUL character")
    assert "「备注」" in error.message("zh")
    error = _refused(lambda: report_problem(basin, STAFF, "ZQ-001", "rubbish", note=PASTED))
    assert "note" in error.message("en")
    assert _count(basin, Contribution) == 0 and _count(basin, Problem) == 0
    assert _count(basin, AuditEntry) == audit


def test_a_rating_comment_and_a_code_with_a_nul_are_refused(basin):
    assign(basin, STAFF, "ZQ-001", "H-001")
    open_round(basin, STAFF, seed=1)
    with basin.read() as session:
        offer = session.scalars(select(RoundOffer)).first()
        rater = Actor("r", "resident", household_id=offer.household_id)
        code = session.get(Segment, offer.segment_id).code
    stars = dict.fromkeys(DIMENSIONS, 4)
    error = _refused(lambda: rate(basin, rater, code, stars, comment=PASTED))
    assert error.message("en").startswith("The comment")
    _refused(lambda: rate(basin, rater, code + "\x00", stars))
    _refused(lambda: custody_history(basin, "ZQ-001\x00"))  # a read, which PostgreSQL refuses too
    assert _count(basin, Rating) == 0


def test_a_name_with_a_nul_in_a_file_is_refused_and_nothing_is_written(basin, tmp_path):
    """A file's cells are not a service's arguments: the file's reader refuses the character."""
    rows = [dict(code="H-009", head_name="赵\x00四", group="一组", village="梅槐社区", phone="",
                 members=2, lon=112.071, lat=30.3705)]
    with pytest.raises(InputError):
        import_households(basin, STAFF, households_file(tmp_path, rows))
    with basin.read() as session:
        assert session.scalars(select(Household).where(Household.code == "H-009")).first() is None


def test_a_nul_that_reaches_postgresql_anyway_is_a_message_not_a_driver_error():
    refused = clash(DataError("INSERT", {}, psycopg.DataError(
        "PostgreSQL text fields cannot contain NUL (0x00) bytes")))
    assert isinstance(refused, InputError) and refused.key == "error.nul_in_text_unnamed"
    assert clash(DataError("INSERT", {}, psycopg.DataError("value too long"))) is None


def test_every_kind_of_argument_is_looked_into():
    refuse_nul(["note", "photos", "stars"], ("ok", [("a.jpg", b"\x00\x00")], {"flow": 4}), {})
    for args, kwargs, field in ((("a\x00",), {}, "The note"),
                                ((), {"photos": [("a\x00.jpg", b"")]}, "A photo's file name"),
                                ((), {"answers": {"flow\x00": "good"}}, "answers")):
        with pytest.raises(InputError) as refused:
            refuse_nul(["note"], args, kwargs)
        assert refused.value.message("en").startswith(field)
