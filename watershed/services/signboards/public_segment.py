"""A segment's public page, opened without login from the QR code on its signboard: what the
signboard says, the date of the last check and the current peer score — and nothing else.

No actor: anyone with the address may read it, so it returns only those fields (no household
code, no full phone, no other household, no rater, no check's note or photo). The address holds
the segment's code and its public token (72 random bits, printed in the QR code only), so the
pages of a basin cannot be read one after another by counting codes; and each client (browser
address) may open at most PER_MINUTE pages a minute and PER_HOUR an hour, far above a resident
walking the canal scanning signboards, far below a program copying the basin.
"""

import hmac
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.errors import NotFound, PermissionDenied
from watershed.services.evaluation.board import peer_scores
from watershed.services.checks.checks import last_checks
from watershed.services.signboards.signboards import Signboard, boards_of
from watershed.services.common.clock import now as clock
from watershed.services.common.transaction import reads
from watershed.store.tables import Channel, Segment, Village

MAX_CODE = 80  # as segments.code holds it
PER_MINUTE = 20
PER_HOUR = 120
_CLIENTS_KEPT = 10_000  # past this many clients, those idle for an hour are forgotten


@dataclass(frozen=True)
class PublicSegment:
    board: Signboard
    last_check: date | None  # Beijing date of the latest check, by anyone
    peer_score: float | None  # in the latest closed round; None: not rated or too few ratings


class _Pace:
    """The times each client opened a public page within the last hour, in this server process
    (the page is served by one Streamlit process; several would each keep their own)."""

    def __init__(self) -> None:
        self._opened: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def admit(self, client: str, at: datetime) -> int:
        """0 if `client` may open a page at `at` (and count it), else the seconds to wait."""
        with self._lock:
            if len(self._opened) > _CLIENTS_KEPT:
                self._opened = {key: times for key, times in self._opened.items()
                                if times and at - times[-1] < timedelta(hours=1)}
            times = self._opened.setdefault(client, deque())
            while times and at - times[0] >= timedelta(hours=1):
                times.popleft()
            last_minute = [t for t in times if at - t < timedelta(minutes=1)]
            if len(last_minute) >= PER_MINUTE:
                return _seconds_until(last_minute[0] + timedelta(minutes=1), at)
            if len(times) >= PER_HOUR:
                return _seconds_until(times[0] + timedelta(hours=1), at)
            times.append(at)
            return 0


def _seconds_until(moment: datetime, at: datetime) -> int:
    return max(1, int((moment - at).total_seconds() + 0.999))


_pace = _Pace()


def public_segment(target, code: str, token: str, *, client: str | None = None) -> PublicSegment:
    """The public view of the live segment `code` opened with its public `token`.

    Refused with PermissionDenied (public.too_fast) when `client` (a visitor's address; None for
    a caller inside this program) has opened too many pages lately; with NotFound: public.no_token for an address without a token (typed by hand, or a
    signboard printed before tokens), public.unknown for a code that names no segment in service
    (mistyped, or retired by a re-cut) or a token that is not its own — the two read alike, so
    trying tokens tells nothing about which codes exist."""
    wait = _pace.admit(client, clock()) if client is not None else 0
    if wait:
        raise PermissionDenied("public.too_fast", seconds=wait)
    return _public_segment(target, (code or "").strip(), (token or "").strip())


def _live_row(session: Session, code: str):
    """(Segment, channel code, channel name, village name) of the live segment `code`, or None."""
    if len(code) > MAX_CODE:
        return None
    return session.execute(
        select(Segment, Channel.code, Channel.name, Village.name)
        .join(Channel, Channel.id == Segment.channel_id)
        .outerjoin(Village, Village.id == Segment.village_id)
        .where(Segment.code == code, Segment.retired_at.is_(None))).first()


@reads
def _public_segment(session: Session, code: str, token: str) -> PublicSegment:
    if not token:
        raise NotFound("public.no_token", code=code[:MAX_CODE])
    row = _live_row(session, code)
    if row is None or not hmac.compare_digest(row[0].public_token.encode(), token.encode()):
        raise NotFound("public.unknown", code=code[:MAX_CODE])
    segment = row[0]
    return PublicSegment(boards_of(session, [row])[0],
                         last_checks(session, [segment.id]).get(segment.id),
                         peer_scores(session, [segment.id]).get(segment.id))


@reads
def segment_board(session: Session, code: str) -> Signboard | None:
    """The signboard of the live segment `code` (None if there is none), for the pages of people
    logged in that show where a segment is: the rating cards draw its map."""
    row = _live_row(session, (code or "").strip())
    return None if row is None else boards_of(session, [row])[0]
