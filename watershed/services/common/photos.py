"""Check photos: stored once by content, and what their EXIF says about where and when.

A photo is kept as `<folder>/<sha[:2]>/<sha>.jpg|png`, named by the SHA-256 of its bytes, and is
never overwritten: the same picture sent twice is one file. Only JPEG and PNG are taken (what a
phone camera or Streamlit's camera widget gives).
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

from PIL import Image

from watershed.domain.localtime import OFFSET
from watershed.config import photo_dir
from watershed.errors import InputError

MAX_PHOTO_BYTES = 15 * 1024 * 1024
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png"}
# EXIF times usually carry no zone; phones in the basin keep Beijing time (UTC+8).

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
DATETIME, DATETIME_ORIGINAL, OFFSET_TIME, OFFSET_TIME_ORIGINAL = 0x0132, 0x9003, 0x9010, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON, GPS_TIME, GPS_DATE = 1, 2, 3, 4, 7, 29


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    path: str  # relative to the photo folder, with forward slashes
    reused_before: bool  # the file was already in the folder


class PhotoFacts(NamedTuple):
    lon: float | None
    lat: float | None
    taken_at: datetime | None  # naive UTC


def photo_suffix(data: bytes, name: str = "") -> str:
    """'.jpg' or '.png' for the bytes of a real JPEG or PNG; InputError naming the file otherwise."""
    name = name or "photo"
    if len(data) > MAX_PHOTO_BYTES:
        raise InputError("photo.too_large", file=name, size_mb=round(len(data) / 2**20, 1),
                         limit_mb=MAX_PHOTO_BYTES // 2**20)
    try:
        with Image.open(BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow says "not an image" in many ways (and refuses decompression bombs)
        kind = None
    if kind not in SUFFIXES:
        raise InputError("photo.not_image", file=name)
    return SUFFIXES[kind]


def photo_faults(photos) -> list[InputError]:
    """What is wrong with each of (name, bytes), all looked at before any photo is stored."""
    found = []
    for name, data in photos:
        try:
            photo_suffix(data, name)
        except InputError as error:
            found.append(error)
    return found


def store_photo(data: bytes, folder=None, *, name: str = "") -> StoredPhoto:
    """Keep the photo under the folder (default: config.photo_dir()) unless it is there already."""
    suffix = photo_suffix(data, name)
    sha = hashlib.sha256(data).hexdigest()
    relative = f"{sha[:2]}/{sha}{suffix}"
    target = Path(folder if folder is not None else photo_dir()) / relative
    if target.exists():
        return StoredPhoto(sha, relative, True)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and linked into place, so a half-written file never bears the name and a file
    # that does is never replaced.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            os.link(temporary, target)
        except FileExistsError:
            return StoredPhoto(sha, relative, True)  # another upload of the same bytes won
        except OSError:  # a file system without hard links
            if target.exists():
                return StoredPhoto(sha, relative, True)
            os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return StoredPhoto(sha, relative, False)


def _degrees(value, ref) -> float | None:
    degrees, minutes, seconds = (float(part) for part in value)
    result = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    ref = (ref or "").strip("\x00 ").upper()
    return -result if ref in ("S", "W") else result


def _position(gps: dict) -> tuple[float | None, float | None]:
    try:
        lat = _degrees(gps[GPS_LAT], gps.get(GPS_LAT_REF))
        lon = _degrees(gps[GPS_LON], gps.get(GPS_LON_REF))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    plausible = -90 <= lat <= 90 and -180 <= lon <= 180 and (lon, lat) != (0.0, 0.0)
    return (lon, lat) if plausible else (None, None)  # NaN fails the range test too


def _local_time(stamp, offset) -> datetime | None:
    """A naive UTC time from an EXIF 'YYYY:MM:DD HH:MM:SS' and its '+08:00' offset, if given."""
    try:
        moment = datetime.strptime(str(stamp).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    shift = OFFSET
    if offset:
        try:
            text = str(offset).strip("\x00 ")
            hours, minutes = text.lstrip("+-").split(":")
            shift = (-1 if text.startswith("-") else 1) * timedelta(hours=int(hours), minutes=int(minutes))
        except ValueError:
            pass  # an unreadable offset: keep Beijing time
    return moment - shift


def _gps_time(gps: dict) -> datetime | None:
    try:
        day = datetime.strptime(str(gps[GPS_DATE]).strip("\x00 "), "%Y:%m:%d")
        hours, minutes, seconds = (float(part) for part in gps[GPS_TIME])
        return day + timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


def exif_facts(data: bytes) -> PhotoFacts:
    """Where (EXIF GPS) and when (DateTimeOriginal) a photo was taken; None for what it lacks.

    The time is DateTimeOriginal with its OffsetTimeOriginal; else the GPS time (UTC); else
    DateTimeOriginal or DateTime read as Beijing time. A photo with broken EXIF gives Nones.
    """
    try:
        with Image.open(BytesIO(data)) as image:
            exif = image.getexif()
            gps, details = exif.get_ifd(GPS_IFD), exif.get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001 - a photo's metadata is evidence, never a reason to fail
        return PhotoFacts(None, None, None)
    lon, lat = _position(gps)
    taken = None
    if details.get(DATETIME_ORIGINAL) and details.get(OFFSET_TIME_ORIGINAL):
        taken = _local_time(details[DATETIME_ORIGINAL], details[OFFSET_TIME_ORIGINAL])
    taken = taken or _gps_time(gps)
    if taken is None and details.get(DATETIME_ORIGINAL):
        taken = _local_time(details[DATETIME_ORIGINAL], None)
    if taken is None and exif.get(DATETIME):
        taken = _local_time(exif[DATETIME], details.get(OFFSET_TIME))
    return PhotoFacts(lon, lat, taken)



def photo_path(relative: str, folder=None) -> Path:
    """The file of a stored photo (CheckPhoto.path / PhotoLine.path) under the photo folder."""
    return Path(folder if folder is not None else photo_dir()) / relative
