"""Which text encoding a Shapefile's .dbf uses.

Shapefiles made on Chinese Windows are usually GBK (code page 936) and often come without the
`.cpg` file that would say so; GDAL then decodes them as Latin-1 and the names turn into
mojibake. The rule here: a `.cpg` is trusted when Python knows the encoding it names; otherwise
the text bytes of the .dbf (field names and character fields) are tried as strict UTF-8, and if
that fails they are GB18030, the superset of GBK and GB2312.
"""

import codecs
import struct

UTF8 = "utf-8"
GB18030 = "gb18030"

# Names a .cpg may hold, mapped to the Python codec that decodes them. GBK, GB2312 and
# code page 936 are all decoded as GB18030, which contains them.
_CPG_ALIASES = {
    "UTF-8": UTF8,
    "UTF8": UTF8,
    "65001": UTF8,
    "GBK": GB18030,
    "GB2312": GB18030,
    "GB18030": GB18030,
    "CP936": GB18030,
    "936": GB18030,
    "ANSI 936": GB18030,
}


def codec_from_cpg(content: str) -> str | None:
    """The Python codec a .cpg names, or None when it names nothing Python knows."""
    name = content.strip().upper()
    if not name:
        return None
    if name in _CPG_ALIASES:
        return _CPG_ALIASES[name]
    number = name.removeprefix("ANSI").strip()
    candidates = [f"cp{number}"] if number.isdigit() else [name]
    for candidate in candidates:
        try:
            codec = codecs.lookup(candidate).name
        except LookupError:
            continue
        return GB18030 if codec in ("gbk", "gb2312") else codec
    return None


def dbf_text_chunks(data: bytes) -> list[bytes]:
    """The bytes of a .dbf that are text: field names and the values of character fields.

    Tolerant of damage: whatever cannot be parsed is left out (GDAL reports damage later).
    """
    if len(data) < 32:
        return []
    record_count, header_length, record_length = struct.unpack("<IHH", data[4:12])
    chunks: list[bytes] = []
    text_fields: list[tuple[int, int]] = []  # (offset in record, width)
    offset = 1  # byte 0 of each record is the deletion flag
    position = 32
    while position + 32 <= min(len(data), header_length) and data[position] != 0x0D:
        descriptor = data[position : position + 32]
        chunks.append(descriptor[:11].split(b"\x00", 1)[0])
        width = descriptor[16]
        if descriptor[11:12] in (b"C", b"V", b"W"):
            text_fields.append((offset, width))
        offset += width
        position += 32
    if record_length <= 0:
        return chunks
    for index in range(record_count):
        start = header_length + index * record_length
        record = data[start : start + record_length]
        if len(record) < record_length:
            break
        for field_offset, width in text_fields:
            chunks.append(record[field_offset : field_offset + width].rstrip(b" \x00"))
    return chunks


def _fits(chunks: list[bytes], codec: str) -> bool:
    """Every chunk decodes; a multi-byte character cut at the end of a field is forgiven,
    because writers truncate values to the field width byte by byte."""
    for chunk in chunks:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:
            decoder.decode(chunk, final=False)
        except UnicodeDecodeError:
            return False
    return True


def detect_dbf_codec(data: bytes) -> str:
    """UTF-8 when all the text of the .dbf is valid UTF-8, else GB18030."""
    chunks = dbf_text_chunks(data)
    try:
        b"".join(chunks).decode(UTF8)
        return UTF8
    except UnicodeDecodeError:
        pass
    return UTF8 if _fits(chunks, UTF8) else GB18030


def dbf_decodes_as(data: bytes, codec: str) -> bool:
    """Whether the text of the .dbf is valid in `codec` (used to check what a .cpg declares)."""
    return _fits(dbf_text_chunks(data), codec)
