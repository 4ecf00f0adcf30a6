"""Segment signboards (河段包保公示牌): what the board by the canal says about a segment, and the
staff member named on it as the village's supervisor.

A signboard is public, so it carries only what a passer-by should read: the segment, its channel
and village, its length, the custodian household's head and deputy with their phones masked
(138****0001), the supervisor's name and office phone, the check interval, the address of the
segment's public page, and the lines of the segment and its neighbours for the small map. No
household code, no full phone of a household, no other household's name.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed import config
from watershed.domain.checks import DEFAULT_INTERVAL_DAYS
from watershed.domain.privacy import mask_phone
from watershed.errors import InputError, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clock import now
from watershed.services.places.villages import villages
from watershed.services.common.svg_map import neighbourhood
from watershed.services.common.transaction import reads, writes
from watershed.store.batches import chunked
from watershed.store.tables import (Channel, Custody, Household, Segment, User, Village,
                                    VillageSupervisor)

NEIGHBOURHOOD_M = 250.0  # shown around the segment on its map
ASPECT = 1.6  # width / height of the map on the board
MAX_NAME, MAX_PHONE = 100, 40  # as the users table holds them


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str  # a household's masked (138****0001); a supervisor's office phone in full


@dataclass(frozen=True)
class Signboard:
    code: str
    channel_code: str
    channel_name: str
    village: str  # "" for a segment outside every village
    length_m: float
    custodian: Contact | None  # the primary custodian household's head; None: nobody keeps it
    deputy: Contact | None
    supervisor: Contact | None  # the village's supervising staff member; None: not named yet
    interval_days: int
    url: str  # the segment's public page (what the QR code holds)
    geometry: object  # the segment, shapely LineString in lon/lat
    neighbours: list  # the other live segments' lines, clipped to `window`
    window: tuple[float, float, float, float]  # west, south, east, north of the map


def private_address_problem(base: str | None = None) -> InputError | None:
    """Why the public address (WATERSHED_PUBLIC_URL) cannot go on a signboard, if it cannot: a
    QR code pointing at this computer (localhost) or at an office network (10.x, 192.168.x …)
    opens nothing on a resident's phone by the canal. Host names are not looked up."""
    base = base or config.public_url()
    parts = urlsplit(base)
    host = (parts.hostname or "").lower()
    try:
        ip = ipaddress.ip_address(host)
        private = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified
    except ValueError:
        private = host in ("", "localhost") or host.endswith((".localhost", ".local"))
    if parts.scheme not in ("http", "https") or private:
        return InputError("signboard.private_url", url=base)
    return None


def public_address(code: str, token: str) -> str:
    """The address of a segment's public page, under WATERSHED_PUBLIC_URL: its code, and its
    public token without which the page does not open (see public_segment)."""
    return f"{config.public_url()}/segment?{urlencode({'code': code, 't': token})}"


def _keepers(session: Session, segment_ids: list[int]) -> dict[tuple[int, str], Contact]:
    """(segment id, role) -> its keeper, asked in chunks (every board of a district is more
    segments than one statement may bind)."""
    return {(segment_id, role): Contact(name, mask_phone(phone))
            for chunk in chunked(segment_ids)
            for segment_id, role, name, phone in session.execute(
                select(Custody.segment_id, Custody.role, Household.head_name, Household.phone)
                .join(Household, Household.id == Custody.household_id)
                .where(Custody.end_date.is_(None), Custody.segment_id.in_(chunk)))}


def _latest():
    """(village_id, id) of each village's latest supervisor row: the current one."""
    return (select(VillageSupervisor.village_id, func.max(VillageSupervisor.id).label("id"))
            .group_by(VillageSupervisor.village_id).subquery())


def _village(session: Session, name: str) -> Village:
    place = session.scalars(select(Village).where(Village.name == name)).first()
    if place is None:
        raise NotFound("signboard.no_village", village=name,
                       villages="、".join(villages(session)))
    return place


def _supervisors(session: Session) -> dict[int, Contact]:
    """village id -> its current supervisor."""
    latest = _latest()
    rows = session.execute(
        select(VillageSupervisor.village_id, User.display_name, User.username, User.phone)
        .join(latest, latest.c.id == VillageSupervisor.id)
        .join(User, User.id == VillageSupervisor.user_id)).all()
    return {village: Contact(name or username, phone) for village, name, username, phone in rows}


def _live_segments(session: Session, village: str | None, code: str | None):
    query = (select(Segment, Channel.code, Channel.name, Village.name)
             .join(Channel, Channel.id == Segment.channel_id)
             .outerjoin(Village, Village.id == Segment.village_id)
             .where(Segment.retired_at.is_(None)).order_by(Channel.code, Segment.seq))
    if code is not None:
        query = query.where(Segment.code == code)
    if village is not None:
        query = query.where(Village.name == village)
    return session.execute(query).all()


def boards_of(session: Session, rows) -> list[Signboard]:
    """The signboards of (Segment, channel code, channel name, village name) rows."""
    if not rows:
        return []
    ids = [row[0].id for row in rows]
    keepers, supervisors = _keepers(session, ids), _supervisors(session)
    windows = {row[0].id: neighbourhood(row[0].geom.bounds, NEIGHBOURHOOD_M, ASPECT)
               for row in rows}
    around = _lines_near(session, windows)
    return [Signboard(segment.code, channel_code, channel_name or "", village or "",
                      segment.length_m, keepers.get((segment.id, "primary")),
                      keepers.get((segment.id, "deputy")), supervisors.get(segment.village_id),
                      DEFAULT_INTERVAL_DAYS, public_address(segment.code, segment.public_token),
                      segment.geom,
                      around[segment.id], windows[segment.id])
            for segment, channel_code, channel_name, village in rows]


def _lines_near(session: Session, windows: dict) -> dict[int, list]:
    """segment id -> the other live segments' lines clipped to its window; one query for all."""
    west = min(w[0] for w in windows.values())
    south = min(w[1] for w in windows.values())
    east = max(w[2] for w in windows.values())
    north = max(w[3] for w in windows.values())
    rows = session.execute(select(Segment.id, Segment.geom).where(
        Segment.retired_at.is_(None), Segment.maxx >= west, Segment.minx <= east,
        Segment.maxy >= south, Segment.miny <= north)).all()
    found = {}
    for segment_id, window in windows.items():
        box = shapely.box(*window)
        found[segment_id] = [shapely.clip_by_rect(geom, *window) for other, geom in rows
                             if other != segment_id and geom.intersects(box)]
    return found


@reads
def signboards(session: Session, actor: Actor, *, village: str | None = None,
               segment: str | None = None) -> list[Signboard]:
    """The signboards of the live segments of a village, of one segment, or (neither) of all,
    by channel and upstream to downstream. Staff only: they print and post them."""
    require_role(actor, "staff", action="action.print_signboards")
    if village is not None:
        _village(session, village)
    rows = _live_segments(session, village, segment)
    if not rows:
        if segment is not None and village is None:
            raise NotFound("segment.unknown", code=segment)
        raise InputError("signboard.none", village=village or "", segment=segment or "")
    return boards_of(session, rows)


@dataclass(frozen=True)
class VillageLine:
    village: str
    segments: int  # live segments
    username: str  # the supervisor's account; "" when none is named
    name: str
    phone: str


@reads
def village_supervisors(session: Session, actor: Actor) -> list[VillageLine]:
    """Every village, its live segments and its supervising staff member, for the staff page."""
    require_role(actor, "staff", action="action.print_signboards")
    counts = dict(session.execute(select(Segment.village_id, func.count())
                                  .where(Segment.retired_at.is_(None))
                                  .group_by(Segment.village_id)).all())
    latest = _latest()
    rows = session.execute(
        select(Village.id, Village.name, User.username, User.display_name, User.phone)
        .outerjoin(latest, latest.c.village_id == Village.id)
        .outerjoin(VillageSupervisor, VillageSupervisor.id == latest.c.id)
        .outerjoin(User, User.id == VillageSupervisor.user_id).order_by(Village.name)).all()
    return [VillageLine(name, counts.get(id_, 0), username or "", shown or "", phone or "")
            for id_, name, username, shown, phone in rows]


@reads
def staff_accounts(session: Session, actor: Actor) -> list[str]:
    """The user names of the active staff accounts (who may be named supervisor)."""
    require_role(actor, "staff", action="action.set_supervisor")
    return list(session.scalars(select(User.username).where(User.role == "staff", User.active)
                                .order_by(User.username)))


def _cleaned(value: str | None, limit: int, key: str) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise InputError(key, limit=limit, length=len(value))
    return value


@writes
def set_supervisor(session: Session, actor: Actor, village: str, username: str, *,
                   name: str | None = None, phone: str | None = None) -> Contact:
    """Name the staff account `username` supervisor of `village` (a new row; the old one stays),
    and set how it is named and reached on the signboards when `name` or `phone` are given."""
    require_role(actor, "staff", action="action.set_supervisor")
    name = _cleaned(name, MAX_NAME, "signboard.long_name")
    phone = _cleaned(phone, MAX_PHONE, "signboard.long_phone")
    place = _village(session, village)
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("signboard.no_user", username=username)
    if user.role != "staff" or not user.active:
        raise InputError("signboard.not_staff", username=username)
    if not (name if name is not None else user.display_name):
        raise InputError("signboard.needs_name", username=username)
    before = {"display_name": user.display_name, "phone": user.phone}
    user.display_name = name if name is not None else user.display_name
    user.phone = phone if phone is not None else user.phone
    after = {"display_name": user.display_name, "phone": user.phone}
    if after != before:
        record(session, actor, "user.contact", "user", user.id, before=before, after=after)
    latest = session.scalars(select(VillageSupervisor).where(
        VillageSupervisor.village_id == place.id).order_by(VillageSupervisor.id.desc())).first()
    if latest is None or latest.user_id != user.id:
        session.add(VillageSupervisor(village_id=place.id, user_id=user.id, set_by=actor.name,
                                      set_at=now()))
        earlier = session.get(User, latest.user_id).username if latest else None
        record(session, actor, "village.supervisor", "village", place.id,
               before={"village": village, "supervisor": earlier},
               after={"village": village, "supervisor": username})
    session.flush()
    return Contact(user.display_name, user.phone)
