"""Where things are relative to the households: the village a point lies in, and local metres."""

from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watershed.domain.geodesy import local_metres
from watershed.services.common.actors import Actor
from watershed.services.common.transaction import reads
from watershed.store.tables import Group, Household, Village


@dataclass(frozen=True)
class Homes:
    """Every household with a home point, as parallel arrays (a basin may hold 400,000)."""

    ids: np.ndarray
    codes: list[str]
    villages: np.ndarray
    members: np.ndarray
    lon: np.ndarray
    lat: np.ndarray


def homes(session: Session, basin_id: int) -> Homes:
    # On the connection, not the session: plain rows, without the ORM's per-row bookkeeping.
    rows = session.connection().execute(
        select(Household.id, Household.code, Group.village_id, Household.members, Household.lon,
               Household.lat)
        .join(Group, Household.group_id == Group.id)
        .where(Group.village_id.in_(select(Village.id).where(Village.basin_id == basin_id)),
               Household.lon.is_not(None), Household.lat.is_not(None))
    ).all()
    ids, codes, villages, members, lon, lat = zip(*rows) if rows else ((),) * 6
    return Homes(np.array(ids, dtype=int), list(codes), np.array(villages, dtype=int),
                 np.array(members, dtype=int), np.array(lon, dtype=float), np.array(lat, dtype=float))


def group_centres(session: Session, basin_id: int) -> Homes:
    """One point per villager group, the mean of its homes: enough to tell which village a
    segment lies in, at a fiftieth of the households' cost."""
    rows = session.connection().execute(
        select(Group.id, Group.name, Group.village_id, func.count(), func.avg(Household.lon),
               func.avg(Household.lat))
        .join(Household, Household.group_id == Group.id)
        .where(Group.village_id.in_(select(Village.id).where(Village.basin_id == basin_id)),
               Household.lon.is_not(None), Household.lat.is_not(None))
        .group_by(Group.id, Group.name, Group.village_id)
    ).all()
    ids, names, villages, counts, lon, lat = zip(*rows) if rows else ((),) * 6
    return Homes(np.array(ids, dtype=int), list(names), np.array(villages, dtype=int),
                 np.array(counts, dtype=int), np.array(lon, dtype=float), np.array(lat, dtype=float))


class LocalFrame:
    """Metres east and north of a fixed origin: good enough to compare distances within a basin."""

    def __init__(self, lons, lats):
        self.origin = (float(np.mean(lons)), float(np.mean(lats))) if len(lons) else (0.0, 0.0)

    def metres(self, lons, lats) -> tuple[np.ndarray, np.ndarray]:
        return local_metres(lons, lats, *self.origin)


def nearest_villages(known: Homes, lons, lats) -> list[int | None]:
    """For each point, the village of the nearest of `known` (None when there are none). A
    segment has no village of its own; it belongs where the nearest people live."""
    if not len(known.ids) or not len(lons):
        return [None] * len(lons)
    frame = LocalFrame(known.lon, known.lat)
    hx, hy = frame.metres(known.lon, known.lat)
    px, py = frame.metres(lons, lats)
    tree = shapely.STRtree(shapely.points(hx, hy))
    point_index, home_index = tree.query_nearest(shapely.points(px, py), return_distance=False)
    villages: list[int | None] = [None] * len(lons)
    for p, h in zip(point_index.tolist(), home_index.tolist()):
        if villages[p] is None:  # ties: the first home found is as good as any other
            villages[p] = int(known.villages[h])
    return villages


@reads
def villages(session: Session, actor: Actor | None = None) -> list[str]:
    """Every village by name; the actor's own household's village first."""
    names = list(session.scalars(select(Village.name).order_by(Village.name)))
    if actor is not None and actor.household_id is not None:
        home = session.scalar(select(Village.name).join(Group, Group.village_id == Village.id)
                              .join(Household, Household.group_id == Group.id)
                              .where(Household.id == actor.household_id))
        names.sort(key=lambda name: name != home)
    return names
