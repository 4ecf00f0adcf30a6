"""The figures of the campaign for the leadership's progress map: how much is kept and checked.

Everything is counted in the database (three aggregate queries, whatever the size of the basin),
never by loading the segments. Days since a check are counted in whole Beijing days, as the map's
freshness colouring counts them (watershed.services.geometry.mapdata.days_since_check): a check made on
`today - 7` is still "within 7 days".
"""

from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from watershed.domain.freshness import FRESHNESS_DAYS, RECENT_DAYS
from watershed.domain.localtime import day_start
from watershed.domain.ponds import POND
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.clock import today as basin_today
from watershed.services.common.transaction import reads
from watershed.store.tables import Channel, Check, Custody, Pond, Segment


def _since(today: date, days: int) -> datetime:
    """The first moment of the Beijing day `days` before `today`: checked at or after it, within."""
    return day_start(today - timedelta(days=days))


def _counted(condition):
    """How many rows meet `condition`: a SUM of a CASE, so one query counts several things."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def may_view_progress(actor: Actor) -> None:
    """Refuse anyone but the leadership and the staff the progress figures."""
    require_role(actor, "leader", "staff", action="action.view_progress")


@reads
def progress_figures(session: Session, actor: Actor, today: date | None = None) -> dict:
    """The campaign at a glance, for the leadership and the staff:

    segments (live), channel_km, kept (segments with a current primary custodian) and
    kept_share, checked_recently (segments checked within RECENT_DAYS days) and checked_share,
    never_checked, freshness ({max days of a bin, or None for older/never: segments}, in the
    order of FRESHNESS_DAYS), ponds ({status: count}) and today. Shares are 0..1, and 0 for a
    basin without segments."""
    may_view_progress(actor)
    return basin_progress(session, today)


@reads
def basin_progress(session: Session, today: date | None = None) -> dict:
    """progress_figures without asking who wants them: the same for every viewer, so a page
    shares them across sessions (ui.wiring.shared) once may_view_progress has let the viewer in."""
    today = today or basin_today()
    last = (
        select(Check.segment_id, func.max(Check.at).label("at"))
        .group_by(Check.segment_id)
        .subquery()
    )
    kept = select(Custody.segment_id).where(Custody.end_date.is_(None), Custody.role == "primary")
    cuts = [_since(today, days) for days in FRESHNESS_DAYS]
    bins = [_counted(last.c.at >= cuts[0])] + [
        _counted((last.c.at >= cut) & (last.c.at < newer)) for newer, cut in zip(cuts, cuts[1:])
    ]
    row = session.execute(
        select(func.count(Segment.id), _counted(Segment.id.in_(kept)),
               _counted(last.c.at >= _since(today, RECENT_DAYS)), _counted(last.c.at.is_(None)),
               *bins)
        .select_from(Segment)
        .outerjoin(last, last.c.segment_id == Segment.id)
        .where(Segment.retired_at.is_(None))
    ).one()
    segments, kept_count, recent, never, *binned = (int(value or 0) for value in row)
    freshness = dict(zip(FRESHNESS_DAYS, binned))
    freshness[None] = segments - sum(binned)
    channel_m = session.scalar(select(func.sum(Channel.length_m))) or 0.0
    ponds = dict(session.execute(
        # Lakes, reservoirs and river surfaces have no clearing status to count.
        select(Pond.status, func.count(Pond.id)).where(Pond.kind == POND)
        .group_by(Pond.status).order_by(Pond.status)
    ).all())
    return {
        "segments": segments,
        "channel_km": round(channel_m / 1000, 3),
        "kept": kept_count,
        "kept_share": _share(kept_count, segments),
        "checked_recently": recent,
        "checked_share": _share(recent, segments),
        "never_checked": never,
        "freshness": freshness,
        "ponds": {status: int(count) for status, count in ponds.items()},
        "today": today,
    }
