"""How large a file an import takes: every limit in one place, with the reason for its number.

The limits exist so that one upload cannot take the server down: without them a 4 MB .xlsx
holding 30 million one-cell rows ran for more than 15 minutes at 4.8 GB, and a 1 MB zip whose
.dbf unpacks to 1 GiB was imported at 2.3 GB. Each is checked as early as the file allows:
sizes before anything is opened, a zip's directory before anything is unpacked, a sheet's
stated size before its rows are read, rows while they stream in, vertices before the shapes are
checked. The defaults keep the peak memory of the largest file they allow below 500 MB
(tests/benchmarks/hostile_files.py measures it).

Two can be raised where an office needs more (watershed.config): the file size
(WATERSHED_IMPORT_MAX_MB; Streamlit's server.maxUploadSize must then be raised with it) and the
rows of a table (WATERSHED_IMPORT_MAX_ROWS). The others follow from those or from what no real
file comes near.
"""

from dataclasses import dataclass

from watershed import config

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # A file as uploaded or named on the command line. The Dengzhou extract of 55 × 76 km is
    # 67 KB of GeoJSON and a 10,000-household register about 0.7 MB of CSV; a 50 MB GeoJSON
    # holds some 2 million vertices, more than a county's channels. (config: default 50)
    file_bytes: int
    # What the parts of a Shapefile may unpack to (a zip's directory states it): the file size.
    # A Shapefile of a million vertices (the limit below) is 16 MB of .shp, which leaves room
    # for a wide .dbf; the 1 GiB .dbf of a zip bomb is refused before a byte is unpacked.
    unpacked_bytes: int
    # What the XML of an .xlsx may unpack to: four times the file size. The sheet is streamed,
    # but parsing takes about 12 s per 100 MB; 200,000 rows of 8 cells written as inline
    # strings are about 80 MB. The 4 MB sheet of 30 million one-cell rows unpacks to 1.5 GB.
    sheet_bytes: int
    # The shared strings of an .xlsx, which are loaded whole: the file size. A register's
    # unique texts (codes, names, phones) take about 30 bytes of XML each.
    shared_strings_bytes: int
    # Members of a zip: a Shapefile has 3 to 8 parts and an .xlsx about 10; a thousand leaves
    # room for a zipped project folder, while listing and naming them stays instant.
    zip_members: int
    # Features of one layer: a basin has hundreds of channels and ponds, a county thousands.
    features: int = 200_000
    # Vertices of one feature: at OpenStreetMap's density (a vertex every 10-50 m) 100,000
    # vertices are over 1,000 km of one channel. Every check, cut and map walks them.
    vertices_per_feature: int = 100_000
    # Vertices of one file: a million is 10,000 km of channel at OpenStreetMap's density (the
    # Dengzhou extract of 55 × 76 km has about 3,000), and its import peaks at about 460 MB,
    # the network check of the new channels included (tests/benchmarks/hostile_files.py).
    vertices: int = 1_000_000
    # Rows of a table (header not counted): the 134,000 households of the largest evaluation
    # benchmark, with room to spare; 300,000 rows peaked at 500 MB. (config: default 200,000)
    rows: int = 200_000
    # Columns of a table: a register needs 8, a works file 6; exports from other systems carry a
    # few dozen more. Excel allows 16,384, which would make every row that wide.
    columns: int = 200
    # Cells of a table, rows times the header's columns: each is a Python string while the rows
    # are checked (60-80 bytes), so 2 million is about 150 MB: 200,000 households of 10 columns.
    cells: int = 2_000_000
    # Characters of one cell: a name is tens, a note a few hundred. A longer cell is almost
    # always an unclosed double quote swallowing the rest of a CSV; Python's csv module fails at
    # 131,072 with an error of its own, which is far past this.
    cell_chars: int = 2_000


def current() -> Limits:
    """The limits in force: the defaults above with what the environment raises."""
    size = config.import_max_mb() * MB
    return Limits(file_bytes=size, unpacked_bytes=size, sheet_bytes=4 * size,
                  shared_strings_bytes=size, zip_members=1_000,
                  rows=config.import_max_rows(),
                  cells=max(Limits.cells, 10 * config.import_max_rows()))


def megabytes(size: int) -> str:
    """A size as people read it in a message: "1,024.0 MB"."""
    return f"{size / MB:,.1f} MB"
