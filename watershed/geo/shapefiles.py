"""Shapefiles, plain or zipped: their parts, their text encoding, the layer inside a zip.

A zipped Shapefile is unpacked (only the parts of the chosen layer, under fixed names) into a
folder the caller provides and read from there, so that member names in any encoding and nested
folders do not matter to GDAL. The zip's directory is checked against the limits
(watershed.geo.limits) before a byte is unpacked, and each part is copied a block at a time:
zipfile never returns more than a member's stated size, so the check holds for a lying zip too.
"""

import shutil
import zipfile
import zlib
from pathlib import Path

from watershed.errors import InputError, WatershedError
from watershed.geo import encoding as text_codecs
from watershed.geo.limits import Limits, megabytes

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


def check_sizes(parts: dict[str, Path], file: str, limits: Limits) -> None:
    """Refuse a Shapefile whose parts are larger together than an import takes."""
    size = sum(path.stat().st_size for path in parts.values())
    if size > limits.unpacked_bytes:
        raise InputError("geo.unpacked_too_large", file=file, size=megabytes(size),
                         limit=megabytes(limits.unpacked_bytes))


def known_codec(name: str, file: str) -> str:
    """The codec an --encoding names, or the refusal listing the usual ones."""
    codec = text_codecs.codec_from_cpg(name)
    if codec is None:
        raise InputError("geo.encoding_unknown", file=file, encoding=name,
                         known=", ".join(text_codecs.LABELS.values()))
    return codec


def dbf_codec(parts: dict[str, Path], file: str,
              override: str | None = None) -> tuple[str, WatershedError | None]:
    """The encoding to decode the .dbf with, and a warning when it is an unusual one.

    `override` (--encoding) is taken if the text decodes in it; else what the .cpg says, unless
    the text does not decode in it or reads as garbled where another encoding reads cleanly;
    else the encoding detected (watershed.geo.encoding)."""
    chunks = text_codecs.dbf_text_chunks(parts[".dbf"])
    found = text_codecs.readings(chunks)
    suggested = text_codecs.label(found[0].codec) if found else "GBK"
    if override is not None:
        codec = known_codec(override, file)
        if text_codecs.reading(chunks, codec) is None:
            raise InputError("geo.encoding_option_mismatch", file=file, encoding=override,
                             suggested=suggested)
        return codec, None
    declared = parts[".cpg"].read_bytes().decode("ascii", errors="ignore").strip() \
        if ".cpg" in parts else ""
    codec = text_codecs.codec_from_cpg(declared)
    if codec is not None:
        mine = text_codecs.reading(chunks, codec)
        if mine is None:
            raise InputError("geo.encoding_mismatch", file=file, encoding=declared,
                             suggested=suggested)
        better = text_codecs.doubted(mine, found)
        if better is not None:
            raise InputError("geo.encoding_doubtful", file=file, encoding=declared,
                             suggested=text_codecs.label(better.codec),
                             declared_text=text_codecs.example(mine.text),
                             suggested_text=text_codecs.example(better.text))
        return codec, None
    if not found:
        raise InputError("geo.encoding_undetected", file=file,
                         known=", ".join(text_codecs.LABELS.values()))
    best = found[0]
    if best.codec in (text_codecs.UTF8, text_codecs.GB18030):
        return best.codec, None
    return best.codec, InputError("geo.encoding_detected", file=file,
                                  encoding=text_codecs.label(best.codec),
                                  example=text_codecs.example(best.text))


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


def _check_directory(archive: zipfile.ZipFile, file: str, limits: Limits) -> None:
    members = len(archive.infolist())
    if members > limits.zip_members:
        raise InputError("geo.zip_too_many_members", file=file, count=members,
                         limit=limits.zip_members)


def _check_parts(parts: dict[str, zipfile.ZipInfo], file: str, limits: Limits) -> None:
    size = sum(info.file_size for info in parts.values())
    if size > limits.unpacked_bytes:
        raise InputError("geo.unpacked_too_large", file=file, size=megabytes(size),
                         limit=megabytes(limits.unpacked_bytes))


def unzip_shapefile(path: Path, choose_layer, folder: Path, limits: Limits) -> tuple[Path, str]:
    """Unpack the chosen Shapefile of the zip at `path` into `folder`.

    `choose_layer(names)` picks one of the layer names (or raises). Returns the unpacked .shp
    and the layer name."""
    file = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            _check_directory(archive, file, limits)
            groups = _shapefile_groups(archive)
            if not groups:
                raise InputError("geo.zip_without_shapefile", file=file)
            names = _layer_names(sorted(groups))
            layer = choose_layer(list(names))
            stem = names[layer]
            parts = groups[stem]
            require_parts(parts, stem.rsplit("/", 1)[-1], file)
            _check_parts(parts, file, limits)
            target = folder / "layer.shp"
            for suffix, info in parts.items():
                with archive.open(info) as source, open(target.with_suffix(suffix), "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
            return target, layer
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as error:
        raise InputError("geo.file_unreadable", file=file, format="Shapefile (.zip)") from error
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
        if "encrypted" not in str(error):
            raise
        raise InputError("geo.zip_encrypted", file=file) from error
