"""Exporting the registers (`watershed export`): GeoPackage, GeoJSON or XLSX by the file's suffix."""

from pathlib import Path

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from watershed.errors import InputError
from watershed.geo.writing import FORMATS, write_layers
from watershed.services.common.transaction import reads
from watershed.store.tables import Channel, Custody, Group, Household, Pond, Segment, Village

LAYERS = ("channels", "ponds", "segments", "households")


def _channels(session: Session):
    rows = session.scalars(select(Channel).order_by(Channel.code)).all()
    return [dict(code=c.code, name=c.name, kind=c.kind, parent=c.parent_code,
                 length_m=round(c.length_m, 3)) for c in rows], [c.geom for c in rows]


def _ponds(session: Session):
    rows = session.scalars(select(Pond).order_by(Pond.code)).all()
    return [dict(code=p.code, name=p.name, kind=p.kind, owner=p.owner, status=p.status,
                 area_m2=round(p.area_m2, 1)) for p in rows], [p.geom for p in rows]


def _segments(session: Session):
    primary = aliased(Custody)
    rows = session.execute(
        select(Segment, Channel.name, Village.name, Household.code, Household.head_name)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .outerjoin(primary, (primary.segment_id == Segment.id) & primary.end_date.is_(None)
                   & (primary.role == "primary"))
        .outerjoin(Household, primary.household_id == Household.id)
        .where(Segment.retired_at.is_(None))
        .order_by(Segment.code)
    ).all()
    records = [dict(code=s.code, channel_code=s.channel.code, channel_name=channel_name, seq=s.seq,
                    length_m=round(s.length_m, 3), village=village or "",
                    custodian_code=household_code or "", custodian_name=head_name or "")
               for s, channel_name, village, household_code, head_name in rows]
    return records, [row[0].geom for row in rows]


def _households(session: Session):
    rows = session.execute(
        select(Household, Group.name, Village.name)
        .join(Group, Household.group_id == Group.id)
        .join(Village, Group.village_id == Village.id)
        .order_by(Household.code)
    ).all()
    records = [dict(code=h.code, head_name=h.head_name, group=group, village=village,
                    phone=h.phone, members=h.members, lon=h.lon, lat=h.lat)
               for h, group, village in rows]
    points = [None if h.lon is None else shapely.Point(h.lon, h.lat) for h, _, _ in rows]
    return records, points


READERS = {"channels": _channels, "ponds": _ponds, "segments": _segments, "households": _households}


@reads
def export(session: Session, path, layer: str | None = None) -> dict[str, int]:
    """Write one layer, or every layer where the format holds several; returns rows per layer."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError("export.bad_suffix", file=path.name, suffixes=", ".join(FORMATS))
    if layer is not None and layer not in LAYERS:
        raise InputError("export.bad_layer", layer=layer, layers=", ".join(LAYERS))
    if layer is None and not FORMATS[suffix]:
        raise InputError("export.one_layer", file=path.name, layers=", ".join(LAYERS))
    names = [layer] if layer else list(LAYERS)
    layers = {name: READERS[name](session) for name in names}
    write_layers(path, layers)
    return {name: len(records) for name, (records, _) in layers.items()}
