"""Shapefiles, plain or zipped: their parts, their text encoding, the layer inside a zip.

A zipped Shapefile is unpacked (only the parts of the chosen layer, under fixed names) into a
folder the caller provides and read from there, so that member names in any encoding and nested
folders do not matter to GDAL.
"""

import zipfile
import zlib
from pathlib import Path

from watershed.errors import InputError
from watershed.geo.encoding import codec_from_cpg, dbf_decodes_as, detect_dbf_codec

REQUIRED_PARTS = (".shp", ".shx", ".dbf")
KNOWN_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def parts_beside(shp: Path) -> dict[str, Path]:
    """The files that belong to `shp` (same stem, any case of suffix), by lower-case suffix."""
    found = {}
    for candidate in shp.parent.iterdir():
        suffix = candidate.suffix.lower()
        if candidate.stem == shp.stem and suffix in KNOWN_PARTS and candidate.is_file():
            found.setdefault(suffix, candidate)
    return found


def require_parts(parts, stem: str, file: str) -> None:
    for suffix in REQUIRED_PARTS:
        if suffix not in parts:
            raise InputError("geo.shapefile_part_missing", file=file, part=stem + suffix)


def dbf_codec(parts: dict[str, Path], file: str) -> str:
    """The encoding to decode the .dbf with: what the .cpg says, else detected."""
    data = parts[".dbf"].read_bytes()
    if ".cpg" in parts:
        declared = parts[".cpg"].read_bytes().decode("ascii", errors="ignore")
        codec = codec_from_cpg(declared)
        if codec is not None:
            if not dbf_decodes_as(data, codec):
                raise InputError(
                    "geo.encoding_mismatch", file=file, encoding=declared.strip()
                )
            return codec
    return detect_dbf_codec(data)


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name; names zipped on Chinese Windows are GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _shapefile_groups(archive: zipfile.ZipFile) -> dict[str, dict[str, zipfile.ZipInfo]]:
    """Members grouped by path without suffix, keeping only groups that hold a .shp."""
    groups: dict[str, dict[str, zipfile.ZipInfo]] = {}
    for info in archive.infolist():
        name = _member_name(info)
        base = name.rsplit("/", 1)[-1]
        if info.is_dir() or name.startswith("__MACOSX/") or base.startswith("._"):
            continue
        stem, dot, suffix = name.rpartition(".")
        if dot and "." + suffix.lower() in KNOWN_PARTS:
            groups.setdefault(stem, {})["." + suffix.lower()] = info
    return {stem: parts for stem, parts in groups.items() if ".shp" in parts}


def _layer_names(stems: list[str]) -> dict[str, str]:
    """Layer name (file name without folder, or the whole path if that is ambiguous) -> stem."""
    short = [stem.rsplit("/", 1)[-1] for stem in stems]
    if len(set(short)) == len(short):
        return dict(zip(short, stems))
    return {stem: stem for stem in stems}


def unzip_shapefile(path: Path, choose_layer, folder: Path) -> tuple[Path, str]:
    """Unpack the chosen Shapefile of the zip at `path` into `folder`.

    `choose_layer(names)` picks one of the layer names (or raises). Returns the unpacked .shp
    and the layer name."""
    file = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            groups = _shapefile_groups(archive)
            if not groups:
                raise InputError("geo.zip_without_shapefile", file=file)
            names = _layer_names(sorted(groups))
            layer = choose_layer(list(names))
            stem = names[layer]
            parts = groups[stem]
            require_parts(parts, stem.rsplit("/", 1)[-1], file)
            target = folder / "layer.shp"
            for suffix, info in parts.items():
                target.with_suffix(suffix).write_bytes(archive.read(info))
            return target, layer
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as error:
        raise InputError("geo.file_unreadable", file=file, format="Shapefile (.zip)") from error
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
        if "encrypted" not in str(error):
            raise
        raise InputError("geo.zip_encrypted", file=file) from error
