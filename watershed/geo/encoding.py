"""Which text encoding a Shapefile's .dbf or a CSV uses, and whether a declared one is right.

Shapefiles made on Chinese Windows are usually GBK (code page 936) and often come without the
`.cpg` file that would say so; GDAL then decodes them as Latin-1 and the names turn into
mojibake. A `.cpg` may also be wrong: a UTF-8 .dbf whose .cpg says GBK decodes without a single
error, into names like "娓腑娓?". Household registers arrive as UTF-8 or GBK, and now and
then in Big5 (Taiwan, Hong Kong) or Shift-JIS (a Japanese Excel), which GB18030 also decodes
without an error, into garbled villages.

The rule here, for text that is mostly Chinese names:
1. A candidate must decode every byte strictly (a multi-byte character cut at the end of a
   .dbf field is forgiven: writers truncate values to the field width byte by byte).
2. Of those, the one whose characters are most often *common* Chinese characters wins: the
   3,755 of GB2312's first level (simplified) or the 5,401 of Big5's frequent set
   (traditional). Mojibake is made of rare characters, kana and private-use code points, so
   a right reading scores near 1 and a wrong one well below (measured on register headers and
   channel names: 0.00-0.67 against 1.00).
3. On a tie the order of CANDIDATES decides: UTF-8 (valid UTF-8 by chance is vanishingly rare
   in any real text), GB18030 (mainland Windows), Big5, Shift-JIS.
A declared encoding (.cpg, --encoding) is doubted only when it reads as garbled (below
CLEAN) and another candidate reads cleanly.
"""

import codecs
import functools
import struct
from dataclasses import dataclass
from pathlib import Path

UTF8 = "utf-8"
GB18030 = "gb18030"
BIG5 = "cp950"  # Windows' Big5, a superset of the standard
SHIFT_JIS = "cp932"  # Windows' Shift-JIS, likewise
CANDIDATES = (UTF8, GB18030, BIG5, SHIFT_JIS)
LABELS = {UTF8: "UTF-8", GB18030: "GBK", BIG5: "Big5", SHIFT_JIS: "Shift-JIS"}
# A reading with at least this share of common characters is taken as right.
CLEAN = 0.8

# Names a .cpg or --encoding may hold, mapped to the Python codec that decodes them. GBK,
# GB2312 and code page 936 are all decoded as GB18030, which contains them.
_ALIASES = {
    "UTF-8": UTF8, "UTF8": UTF8, "65001": UTF8,
    "GBK": GB18030, "GB2312": GB18030, "GB18030": GB18030, "CP936": GB18030, "936": GB18030,
    "ANSI 936": GB18030,
    "BIG5": BIG5, "BIG-5": BIG5, "CP950": BIG5, "950": BIG5,
    "SHIFT-JIS": SHIFT_JIS, "SHIFT_JIS": SHIFT_JIS, "SJIS": SHIFT_JIS, "CP932": SHIFT_JIS,
    "932": SHIFT_JIS,
}


def codec_from_cpg(content: str) -> str | None:
    """The Python codec a .cpg (or --encoding) names, or None when it names nothing Python
    knows."""
    name = content.strip().upper()
    if not name:
        return None
    if name in _ALIASES:
        return _ALIASES[name]
    number = name.removeprefix("ANSI").strip()
    candidates = [f"cp{number}"] if number.isdigit() else [name]
    for candidate in candidates:
        try:
            codec = codecs.lookup(candidate).name
        except LookupError:
            continue
        return GB18030 if codec in ("gbk", "gb2312") else codec
    return None


def label(codec: str) -> str:
    """The name people know an encoding by: GBK, Big5, UTF-8."""
    return LABELS.get(codec, codec.upper())


@functools.lru_cache(maxsize=65_536)
def _common(char: str) -> bool:
    try:
        gb = char.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:  # GB2312 level 1: rows 16-55
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E  # frequent set


def common_share(text: str) -> float:
    """The share of the non-ASCII characters of `text` that are common Chinese characters;
    1.0 when there are none (plain ASCII reads the same in every candidate)."""
    wide = [char for char in text if ord(char) > 127]
    if not wide:
        return 1.0
    return sum(map(_common, wide)) / len(wide)


@dataclass(frozen=True)
class Reading:
    codec: str
    share: float  # common_share of the text read
    text: str  # the first chunks that are not plain ASCII, as read (for a message's example)


def _decoded(chunks: list[bytes], codec: str) -> list[str] | None:
    """The chunks decoded, forgiving only a character cut at a chunk's end; None if any fails."""
    out = []
    for chunk in chunks:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:
            out.append(decoder.decode(chunk, final=False))
        except UnicodeDecodeError:
            return None
    return out


# Chunks scored: enough names to tell readings apart, few enough to stay quick on a large file
# (every chunk is still decoded).
_SCORED = 20_000


def reading(chunks: list[bytes], codec: str) -> Reading | None:
    decoded = _decoded(chunks, codec)
    if decoded is None:
        return None
    text = ", ".join(part for part in decoded[:_SCORED] if part)
    wide = [part for part in decoded[:_SCORED] if not part.isascii()]
    return Reading(codec, common_share(text), "、".join(wide[:3]))


def readings(chunks: list[bytes], candidates=CANDIDATES) -> list[Reading]:
    """The candidates that decode every chunk, the most likely first (see the module)."""
    found = [r for r in (reading(chunks, codec) for codec in candidates) if r is not None]
    # sorted() is stable, so equal shares keep the order of `candidates`.
    return sorted(found, key=lambda r: -r.share)


def doubted(declared: Reading, found: list[Reading]) -> Reading | None:
    """The better reading when the declared one looks garbled and another reads cleanly."""
    best = found[0] if found else None
    if best is None or best.codec == declared.codec:
        return None
    if declared.share < CLEAN <= best.share:
        return best
    return None


def example(text: str, limit: int = 30) -> str:
    """A reading's example cut to a length a message can hold."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dbf_text_chunks(path: Path) -> list[bytes]:
    """The bytes of a .dbf that are text: field names and the values of character fields.

    Read a block of records at a time, so a large .dbf is never in memory at once. Tolerant
    of damage: whatever cannot be parsed is left out (GDAL reports damage later)."""
    with open(path, "rb") as file:
        head = file.read(32)
        if len(head) < 32:
            return []
        record_count, header_length, record_length = struct.unpack("<IHH", head[4:12])
        descriptors = file.read(max(0, header_length - 32))
        chunks: list[bytes] = []
        text_fields: list[tuple[int, int]] = []  # (offset in record, width)
        offset = 1  # byte 0 of each record is the deletion flag
        for position in range(0, len(descriptors) - 31, 32):
            descriptor = descriptors[position : position + 32]
            if descriptor[0] == 0x0D:
                break
            chunks.append(descriptor[:11].split(b"\x00", 1)[0])
            if descriptor[11:12] in (b"C", b"V", b"W"):
                text_fields.append((offset, descriptor[16]))
            offset += descriptor[16]
        if record_length <= 0 or not text_fields:
            return chunks
        file.seek(header_length)
        per_block = max(1, (1 << 20) // record_length)
        left = record_count
        while left > 0:
            block = file.read(min(left, per_block) * record_length)
            whole = len(block) // record_length
            for start in range(0, whole * record_length, record_length):
                for field_offset, width in text_fields:
                    at = start + field_offset
                    chunks.append(block[at : at + width].rstrip(b" \x00"))
            if whole < min(left, per_block):
                break  # the file ends early
            left -= whole
    return chunks
