"""Which coordinate reference system a file is in, and converting it to WGS 84 lon/lat.

The rules:
- A CRS given by the user (--crs, "EPSG:4546" or just "4546") overrides what the file says.
- Else the file's own CRS. A file without one is read as WGS 84 when every coordinate is
  plausible degrees (with a warning), and refused otherwise, naming --crs.
- A geographic CRS whose coordinates are mostly not degrees is refused (GeoJSON has no way to
  say "metres": GDAL reports EPSG:4326 for any GeoJSON without a "crs" member).
- A projected CRS whose coordinates are all plausible degrees is refused too.
When the numbers look like CGCS2000 Gauss-Kruger metres the refusal suggests the EPSG code.
EPSG:4490 (CGCS2000) to EPSG:4326 is a null transformation in PROJ (equal to within centimetres).
"""

import numpy
import pyproj
import shapely
from pyproj.exceptions import CRSError, ProjError

from watershed.errors import InputError, WatershedError

WGS84 = pyproj.CRS.from_epsg(4326)
SITE_ZONE_EPSG = 4546  # CGCS2000 3-degree Gauss-Kruger CM 111E, the zone of Jingzhou


def in_degrees(xy: numpy.ndarray) -> numpy.ndarray:
    """Per coordinate: finite, |lon| <= 180 and |lat| <= 90."""
    finite = numpy.isfinite(xy).all(axis=1)
    with numpy.errstate(invalid="ignore"):
        return finite & (numpy.abs(xy[:, 0]) <= 180) & (numpy.abs(xy[:, 1]) <= 90)


def format_xy(x: float, y: float) -> str:
    """'112.08, 30.37' or '603819.5, 3361624.7': degrees to 6 decimals, metres to 1."""
    digits = 6 if max(abs(x), abs(y)) <= 1000 else 1

    def number(value):
        text = f"{value:.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    return f"{number(x)}, {number(y)}"


def label(crs: pyproj.CRS) -> str:
    """"EPSG:4546" when the CRS has an authority code, else its name."""
    authority = crs.to_authority(min_confidence=70)
    return f"{authority[0]}:{authority[1]}" if authority else crs.name


def parse_option(text: str, file: str) -> pyproj.CRS:
    value = str(text).strip()
    if value.isdigit():
        value = f"EPSG:{value}"
    try:
        return pyproj.CRS.from_user_input(value)
    except CRSError as error:
        raise InputError("geo.crs_unknown", file=file, crs=text) from error


def gauss_kruger_guess(x: float, y: float) -> int | None:
    """The CGCS2000 Gauss-Kruger EPSG code these metres look like, if any.

    Eastings with a zone prefix tell the zone (3-degree zones 25-45, 6-degree zones 13-23);
    without one only the site's zone can be suggested."""
    if not (1.5e6 <= y <= 6.2e6):
        return None
    zone = int(x // 1_000_000)
    if 1e5 <= x <= 9e5:
        return SITE_ZONE_EPSG
    if 25 <= zone <= 45:
        return 4513 + zone - 25
    if 13 <= zone <= 23:
        return 4491 + zone - 13
    return None


def _refusal(key: str, file: str, xy: numpy.ndarray, **params) -> InputError:
    x, y = numpy.nanmedian(xy[:, 0]), numpy.nanmedian(xy[:, 1])
    sample = format_xy(*xy[0])
    guess = gauss_kruger_guess(x, y) if numpy.isfinite([x, y]).all() else None
    if guess is None:
        return InputError(key, file=file, sample=sample, **params)
    name = pyproj.CRS.from_epsg(guess).name
    return InputError(
        key + "_gauss_kruger", file=file, sample=sample, suggestion=f"EPSG:{guess}",
        crs_name=name, **params,
    )


def resolve(file_crs: str | None, option: str | None, xy: numpy.ndarray, file: str):
    """(crs, source label, warnings) for coordinates `xy` (an N x 2 array) of one file."""
    warnings: list[WatershedError] = []
    plausible = in_degrees(xy)
    if option is not None:
        crs = parse_option(option, file)
    elif file_crs is not None:
        try:
            crs = pyproj.CRS.from_user_input(file_crs)
        except CRSError as error:
            raise InputError("geo.crs_unsupported", file=file, crs=file_crs[:80]) from error
    elif plausible.all():
        warnings.append(WatershedError("geo.crs_assumed_wgs84", file=file))
        crs = WGS84
    else:
        raise _refusal("geo.crs_missing", file, xy[~plausible])
    if not (crs.is_geographic or crs.is_projected):
        raise InputError("geo.crs_unsupported", file=file, crs=label(crs))
    if crs.is_geographic and len(xy) and (~plausible).mean() > 0.5:
        raise _refusal("geo.crs_not_degrees", file, xy[~plausible], crs=label(crs))
    if crs.is_projected and len(xy) and plausible.all():
        raise InputError(
            "geo.crs_projected_but_degrees", file=file, crs=label(crs), sample=format_xy(*xy[0])
        )
    return crs, label(crs), warnings


def to_wgs84(geometries: numpy.ndarray, crs: pyproj.CRS, file: str) -> numpy.ndarray:
    """The geometries in EPSG:4326 (x = lon, y = lat). Points PROJ cannot convert become inf."""
    if crs.equals(WGS84, ignore_axis_order=True):
        return geometries
    try:
        transformer = pyproj.Transformer.from_crs(crs, WGS84, always_xy=True)
    except (CRSError, ProjError) as error:
        raise InputError("geo.crs_unsupported", file=file, crs=label(crs)) from error

    def convert(xy):
        return numpy.column_stack(transformer.transform(xy[:, 0], xy[:, 1], errcheck=False))

    return shapely.transform(geometries, convert)
