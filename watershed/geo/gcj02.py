"""GCJ-02, the shifted lon/lat of Gaode/AMap maps, to and from WGS 84.

The forward transformation WGS 84 -> GCJ-02 is public (coordTransform, vectorised in C). Its
one-step inverse is off by metres; here it is refined by fixed-point iteration,
wgs <- wgs - (forward(wgs) - gcj), until it moves less than about 0.1 mm. Points outside China
are not shifted by GCJ-02 and come back unchanged.
"""

import coordTransform
import numpy
import shapely

_TOLERANCE_DEG = 1e-9  # about 0.1 mm
_MAX_ROUNDS = 10


def wgs84_to_gcj02(lon, lat) -> tuple[numpy.ndarray, numpy.ndarray]:
    lon = numpy.ascontiguousarray(lon, dtype=float)
    lat = numpy.ascontiguousarray(lat, dtype=float)
    if lon.size == 0:
        return lon.copy(), lat.copy()
    out_lon, out_lat = coordTransform.wgs84_to_gcj02(lon.ravel(), lat.ravel())
    return (
        numpy.asarray(out_lon, dtype=float).reshape(lon.shape),
        numpy.asarray(out_lat, dtype=float).reshape(lat.shape),
    )


def gcj02_to_wgs84(lon, lat) -> tuple[numpy.ndarray, numpy.ndarray]:
    """WGS 84 lon/lat whose GCJ-02 is (lon, lat), to well within 1 cm."""
    gcj_lon = numpy.ascontiguousarray(lon, dtype=float)
    gcj_lat = numpy.ascontiguousarray(lat, dtype=float)
    wgs_lon, wgs_lat = gcj_lon.copy(), gcj_lat.copy()
    for _ in range(_MAX_ROUNDS):
        fwd_lon, fwd_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        step_lon, step_lat = fwd_lon - gcj_lon, fwd_lat - gcj_lat
        wgs_lon -= step_lon
        wgs_lat -= step_lat
        largest = max(numpy.abs(step_lon).max(initial=0), numpy.abs(step_lat).max(initial=0))
        if largest < _TOLERANCE_DEG:
            break
    return wgs_lon, wgs_lat


def geometries_gcj02_to_wgs84(geometries: numpy.ndarray) -> numpy.ndarray:
    """The geometries (lon/lat in GCJ-02) with every coordinate converted to WGS 84."""
    def convert(xy):
        lon, lat = gcj02_to_wgs84(xy[:, 0], xy[:, 1])
        return numpy.column_stack([lon, lat])

    return shapely.transform(geometries, convert)
