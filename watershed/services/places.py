"""Where things are relative to the households: the village a point lies in, and local metres."""

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.domain.geodesy import local_metres
from watershed.store.tables import Group, Household, Village


def household_positions(session: Session, basin_id: int):
    """(household id, village id, members, lon, lat) of every household with a home point."""
    return session.execute(
        select(Household.id, Group.village_id, Household.members, Household.lon, Household.lat)
        .join(Group, Household.group_id == Group.id)
        .join(Village, Group.village_id == Village.id)
        .where(Village.basin_id == basin_id, Household.lon.is_not(None), Household.lat.is_not(None))
        .order_by(Household.id)
    ).all()


class LocalFrame:
    """Metres east and north of a fixed origin: good enough to compare distances within a basin."""

    def __init__(self, lons, lats):
        self.origin = (float(np.mean(lons)), float(np.mean(lats))) if len(lons) else (0.0, 0.0)

    def metres(self, lons, lats) -> tuple[np.ndarray, np.ndarray]:
        return local_metres(lons, lats, *self.origin)


def nearest_villages(session: Session, basin_id: int, lons, lats) -> list[int | None]:
    """For each point, the village of the nearest household (None when no household has a home
    point). A segment has no village of its own; it belongs where the nearest people live."""
    homes = household_positions(session, basin_id)
    if not homes or not len(lons):
        return [None] * len(lons)
    frame = LocalFrame([h.lon for h in homes], [h.lat for h in homes])
    hx, hy = frame.metres([h.lon for h in homes], [h.lat for h in homes])
    px, py = frame.metres(lons, lats)
    tree = shapely.STRtree(shapely.points(hx, hy))
    point_index, home_index = tree.query_nearest(shapely.points(px, py), return_distance=False)
    villages: list[int | None] = [None] * len(lons)
    for p, h in zip(point_index.tolist(), home_index.tolist()):
        if villages[p] is None:  # ties: the first home found is as good as any other
            villages[p] = homes[h].village_id
    return villages
