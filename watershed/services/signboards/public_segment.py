"""A segment's public page, opened without login from the QR code on its signboard: what the
signboard says, the date of the last check and the current peer score — and nothing else.

No actor: anyone with the address may read it, so it returns only those fields (no household
code, no full phone, no other household, no rater, no check's note or photo).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound
from watershed.services.evaluation.board import peer_scores
from watershed.services.checks.checks import last_checks
from watershed.services.signboards.signboards import Signboard, boards_of
from watershed.services.common.transaction import reads
from watershed.store.tables import Channel, Segment, Village

MAX_CODE = 80  # as segments.code holds it


@dataclass(frozen=True)
class PublicSegment:
    board: Signboard
    last_check: date | None  # Beijing date of the latest check, by anyone
    peer_score: float | None  # in the latest closed round; None: not rated or too few ratings


@reads
def public_segment(session: Session, code: str) -> PublicSegment:
    """The public view of the live segment `code`; NotFound (public.unknown) for a code that
    names no segment in service (mistyped, or retired by a re-cut)."""
    code = (code or "").strip()
    row = session.execute(
        select(Segment, Channel.code, Channel.name, Village.name)
        .join(Channel, Channel.id == Segment.channel_id)
        .outerjoin(Village, Village.id == Segment.village_id)
        .where(Segment.code == code[:MAX_CODE], Segment.retired_at.is_(None))).first()
    if row is None or len(code) > MAX_CODE:
        raise NotFound("public.unknown", code=code[:MAX_CODE])
    segment = row[0]
    return PublicSegment(boards_of(session, [row])[0],
                         last_checks(session, [segment.id]).get(segment.id),
                         peer_scores(session, [segment.id]).get(segment.id))
