"""Benchmark: hostile files and the largest allowed ones, imported through the command line.

    python tests/benchmarks/hostile_files.py [--folder DIR] [--code DIR] [--timeout S]
                                             [--cap-mb MB] [NAME ...]

Builds each file full size in --folder (kept there, so a second run does not build them again),
then runs `watershed import KIND FILE` on a new SQLite database in a subprocess and prints its
time, its peak memory (the child's maximum resident set, from wait4) and the first line it wrote:
"refused" for one clean `error:` line with exit 2, "imported" for exit 0, else what happened.
--code runs another checkout (e.g. the code before issue 16, from `git archive`) to compare;
a run past --timeout or --cap-mb is killed and shown as such. Not a test: the figures go into
the issue.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import bad_inputs  # noqa: E402  (the small versions, and their writers)

MB = 1024 * 1024
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
              b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def one_cell_rows(path: Path, rows: int, dimension: str | None) -> Path:
    """An .xlsx of `rows` one-cell rows (finding 3: 30 million in 4.3 MB): rows without their
    numbers, which Excel's format allows, repeat exactly and so compress a thousandfold."""
    def write(out):
        if dimension:
            out.write(b'<dimension ref="%s"/>' % dimension.encode())
        out.write(b"<sheetData>")
        block = b"<row><c><v>1</v></c></row>" * 100_000
        for _ in range(rows // 100_000):
            out.write(block)
        out.write(b"</sheetData>")
    return bad_inputs._sheet(path, write, level=9)


def dbf_of_one_gib(path: Path) -> Path:
    """A zipped Shapefile whose .dbf unpacks to 1 GiB of blank records (finding 3)."""
    folder = path.parent / "gib-parts"
    shp = bad_inputs._shapefile(folder, "渠道", bad_inputs._frame([{"code": "GZQ"}],
                                                              [bad_inputs._line()]))
    records, width = 1_048_576, 1_024
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in (".shp", ".shx", ".prj"):
            archive.write(shp.with_suffix(part), "渠道" + part)
        with archive.open("渠道.dbf", "w", force_zip64=True) as dbf:
            dbf.write(bad_inputs._dbf_header(records, width))
            blanks = b" " * width * 4_096
            for _ in range(records // 4_096):
                dbf.write(blanks)
    return path


def channels(path: Path, features: int, vertices: int) -> Path:
    """A GeoJSON of wandering channels near Jingzhou, `vertices` each (7-decimal coordinates)."""
    import numpy

    rng = numpy.random.default_rng(16)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","features":[')
        for n in range(features):
            x = 112.0 + rng.random() * 0.3 + numpy.cumsum(rng.random(vertices) * 2e-5)
            y = 30.2 + rng.random() * 0.3 + numpy.cumsum(rng.random(vertices) * 2e-5)
            coordinates = ",".join(f"[{a:.7f},{b:.7f}]" for a, b in zip(x, y))
            out.write(("," if n else "") + '{"type":"Feature","properties":{"code":"C%d",'
                      '"name":"渠%d"},"geometry":{"type":"LineString","coordinates":[%s]}}'
                      % (n, n, coordinates))
        out.write("]}")
    return path


def zipped_channels(path: Path, features: int, vertices: int) -> Path:
    import pyogrio

    source = channels(path.with_suffix(".geojson"), features, vertices)
    frame = pyogrio.read_dataframe(source)
    shp = bad_inputs._shapefile(path.parent / (path.stem + "-parts"), "渠道", frame)
    source.unlink()
    return bad_inputs._zip(path, sorted(shp.parent.iterdir()))


def register(path: Path, rows: int) -> Path:
    """A household register of `rows` rows, as CSV or (by suffix) .xlsx with inline strings."""
    header = ["户编号", "户主", "村民小组", "村/社区", "电话", "人口", "经度", "纬度"]

    def row(n):
        return [f"MH-{n:07d}", f"张{n % 1000}", f"{n % 20}组", f"梅槐村{n % 50}",
                f"138{n:08d}", 1 + n % 8, 112 + (n % 1000) / 1e4, 30.3 + (n % 1000) / 1e4]
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8") as out:
            out.write(",".join(header) + "\n")
            for n in range(rows):
                out.write(",".join(map(str, row(n))) + "\n")
        return path
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    for n in range(rows):
        sheet.write_row(n + 1, 0, row(n))
    workbook.close()
    return path


def long_cell(path: Path) -> Path:
    """Finding 6: a cell of 140,000 characters in a register."""
    path.write_text("户编号,户主,村民小组,村/社区,人口\nMH-1,李" + "四" * 140_000 + ",一组,梅槐村,3\n",
                    encoding="utf-8")
    return path


def many_members(path: Path) -> Path:
    small = bad_inputs.zip_of_many_members(path.parent)
    with zipfile.ZipFile(small, "a") as archive:
        for n in range(1_001, 100_000):
            archive.writestr(f"附件/{n}.txt", "")
    return small.rename(path)


# name: (kind, file name, builder)
CASES = {
    "xlsx 30 M one-cell rows": ("households", "30m.xlsx", lambda p: one_cell_rows(p, 30_000_000, None)),
    "xlsx 3 M rows, stated": ("households", "3m.xlsx",
                              lambda p: one_cell_rows(p, 3_000_000, "A1:A3000000")),
    "zip with a 1 GiB .dbf": ("channels", "gib.zip", dbf_of_one_gib),
    "zip of 100,000 members": ("channels", "members.zip", many_members),
    "CSV cell of 140,000 chars": ("households", "cell.csv", long_cell),
    "line of 200,000 vertices": ("channels", "line.geojson", lambda p: channels(p, 1, 200_000)),
    "GeoJSON of 2 M vertices": ("channels", "2m.geojson", lambda p: channels(p, 4_700, 400)),
    "largest GeoJSON (1 M vertices)": ("channels", "largest.geojson",
                                       lambda p: channels(p, 2_500, 400)),
    "largest Shapefile zip": ("channels", "largest.zip", lambda p: zipped_channels(p, 2_500, 400)),
    "largest CSV register": ("households", "largest.csv", lambda p: register(p, 200_000)),
    "largest XLSX register": ("households", "largest.xlsx", lambda p: register(p, 200_000)),
}


def _resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return 0.0


def run(code: Path, kind: str, path: Path, timeout: float,
        cap_mb: float) -> tuple[float, float, str]:
    """(seconds, peak MB, outcome) of `watershed import KIND PATH` with the code in `code`;
    killed past `timeout` seconds or `cap_mb` resident (a shared machine must not swap)."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        url = f"sqlite:///{folder}/w.db"
        env = {**os.environ, "PYTHONPATH": str(code), "WATERSHED_LANGUAGE": "en"}
        command = [sys.executable, "-m", "watershed.cli"]
        subprocess.run([*command, "init", "--database-url", url], cwd=code, env=env, check=True,
                       capture_output=True)
        started = time.perf_counter()
        child = subprocess.Popen([*command, "import", kind, str(path), "--database-url", url],
                                 cwd=code, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
        killed = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.perf_counter() - started
            if killed is None and (elapsed > timeout or _resident_mb(child.pid) > cap_mb):
                os.killpg(child.pid, signal.SIGKILL)
                killed = f"killed after {elapsed:.0f} s at {_resident_mb(child.pid):.0f} MB"
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err = child.stderr.read().decode(errors="replace").strip().splitlines()
        if killed:
            outcome = killed
        elif child.returncode == 2 and err and err[0].startswith("error: ") and len(err) == 1:
            outcome = "refused: " + err[0][7:110]
        elif child.returncode == 0:
            outcome = "imported" + (f" ({len(err)} warning lines)" if err else "")
        else:
            outcome = f"exit {child.returncode}: " + (err[-1][:100] if err else "")
        return seconds, usage.ru_maxrss / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="cases to run (default: all): " +
                        "; ".join(CASES))
    parser.add_argument("--folder", default=Path(tempfile.gettempdir()) / "watershed-hostile",
                        type=Path, help="where the files are built and kept")
    parser.add_argument("--code", default=ROOT, type=Path, help="the checkout to run")
    parser.add_argument("--timeout", default=600.0, type=float, help="seconds before a kill")
    parser.add_argument("--cap-mb", default=3000.0, type=float,
                        help="resident MB at which a run is killed (default 3000)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"code: {args.code}; files: {args.folder}")
    for name in args.names or CASES:
        kind, file, build = CASES[name]
        path = args.folder / file
        if not path.exists():
            build(path)
        seconds, peak, outcome = run(args.code, kind, path, args.timeout, args.cap_mb)
        size = path.stat().st_size / MB
        if args.json:
            print(json.dumps(dict(name=name, mb=round(size, 2), seconds=round(seconds, 1),
                                  peak_mb=round(peak), outcome=outcome), ensure_ascii=False))
        else:
            print(f"{name:<28} {size:8.2f} MB {seconds:8.1f} s {peak:8.0f} MB  {outcome}")


if __name__ == "__main__":
    main()
