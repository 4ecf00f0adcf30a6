"""Fetch Leaflet's dist files into static/vendor/leaflet/ (`python -m watershed.maps.fetch_assets`).

Run at install time (the Makefile's install step), not committed: `npm pack leaflet@1.9.4` in a
temporary folder, the tarball checked against the pinned integrity, then package/dist/* extracted.
Does nothing when the files are already there.
"""

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from watershed.maps.assets import LEAFLET_DIR, LEAFLET_INTEGRITY, LEAFLET_VERSION, leaflet_present

_PREFIX = "package/dist/"


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _pack(workdir: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("error: npm is needed to fetch Leaflet (apt-get install npm)")
    subprocess.run([npm, "pack", f"leaflet@{LEAFLET_VERSION}", "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = workdir / f"leaflet-{LEAFLET_VERSION}.tgz"
    found = _integrity(tarball)
    if found != LEAFLET_INTEGRITY:
        raise SystemExit(f"error: leaflet-{LEAFLET_VERSION}.tgz has integrity {found}, "
                         f"expected {LEAFLET_INTEGRITY}")
    return tarball


def _extract(tarball: Path, dest: Path) -> int:
    """Copy package/dist/* to dest, files only, no path leaving dest; returns the file count."""
    count = 0
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith(_PREFIX):
                continue
            relative = Path(member.name[len(_PREFIX):])
            if relative.is_absolute() or ".." in relative.parts:
                continue
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            count += 1
    return count


def fetch(dest: Path = LEAFLET_DIR, force: bool = False) -> bool:
    """Put Leaflet's dist files in `dest`; False when they were there already."""
    if leaflet_present(dest) and not force:
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside dest and renamed into place: a second process fetching at the same time
    # (parallel test workers) finds either no folder or a complete one.
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".leaflet-") as work:
        work_path = Path(work)
        staged = work_path / "dist"
        count = _extract(_pack(work_path), staged)
        if not leaflet_present(staged):
            raise SystemExit(f"error: leaflet-{LEAFLET_VERSION}.tgz lacks the expected dist files")
        if dest.exists() and (force or not leaflet_present(dest)):
            shutil.rmtree(dest)
        try:
            staged.rename(dest)
        except OSError:
            if not leaflet_present(dest):
                raise
    print(f"Leaflet {LEAFLET_VERSION}: {count} files in {dest}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=LEAFLET_DIR, help="target folder")
    parser.add_argument("--force", action="store_true", help="fetch even when present")
    args = parser.parse_args(argv)
    if not fetch(args.dest, args.force):
        print(f"Leaflet {LEAFLET_VERSION} already in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
