"""The installation's secret, and the signed manifest every backup carries.

The secret is 32 random bytes, as hex, in a file of its own (config.secret_file():
$WATERSHED_SECRET_FILE, else `watershed.secret` in the data folder), readable by its owner only
(0600), made by `watershed init` or by the first backup that needs it. It is kept outside the
database on purpose: a copy of the database or of a backup does not carry it, so whoever edits an
archive cannot sign it again.

The manifest holds, for every row of every table, its key (the primary key, as text) and a hash
of its values (SHA-256 over a canonical text of the typed values, cut to 128 bits, base64), so a
refusal can name the table and the row. To keep the archive small (the demo has 143,000 rows) a
manifest line covers up to 1,000 rows of one table: their keys as JSON (a run of whole numbers as
[first, last]) and their hashes one after the other, 22 characters each. The signature is HMAC-SHA256 with the secret over `_about` (all
of it but the signature) and every line of the manifest. `signed_by` names the installation by a
fingerprint of its secret (an HMAC of a fixed text, which reveals nothing of the secret), so a
file from another installation is told apart from an edited one.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import secrets
import tempfile
from pathlib import Path

import shapely

from watershed import config
from watershed.errors import InputError

SHEET = "_manifest"
HEADER = [("table", "text", False), ("keys", "text", False), ("hashes", "text", False)]
DIGEST_BYTES = 16  # 128 bits: no one finds a second row with the same hash
DIGEST_CHARS = 22  # as base64 without padding
LINE_ROWS = 1_000
SECRET_BYTES = 32
MAX_KEPT = 1_000  # differences kept to show (all are counted)


def _create(path: Path) -> None:
    """Write a new secret beside where it goes, then link it into place: two processes starting
    at once both try, one wins, and neither ever reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(SECRET_BYTES) + "\n")
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)


def secret_path(create: bool = True) -> Path:
    """Where the installation's secret is, made first if it is not there yet."""
    path = config.secret_file()
    if create and not path.exists():
        _create(path)
    return path


def secret() -> bytes:
    path = secret_path()
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        key = b""
    if len(key) < 16:
        raise InputError("backup.bad_secret", file=str(path))
    return key


def installation(key: bytes) -> str:
    return hmac.new(key, b"watershed installation", hashlib.sha256).hexdigest()[:16]


def _canonical(column_kind: str, value):
    if value is None:
        return None
    if column_kind == "geometry":
        return shapely.to_wkb(value, hex=True)
    if column_kind == "json":  # through JSON and back: tuples are lists, number keys are text
        plain = json.loads(json.dumps(value, ensure_ascii=False))
        return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if column_kind == "float":
        return repr(float(value))
    if column_kind in ("datetime", "date"):
        return value.isoformat()
    if column_kind == "int":
        return int(value)
    if column_kind == "bool":
        return bool(value)
    return str(value)


def row_digest(table: str, columns, values) -> str:
    """The hash of one row: `columns` (name, kind, nullable) and `values` in the same order."""
    content = [table, [_canonical(column_kind, value)
                       for (_, column_kind, _), value in zip(columns, values)]]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).digest()[:DIGEST_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def row_key(keys: list[int], values) -> str:
    """A row's primary key as text; `keys` are the positions of its columns in `values`."""
    return "/".join(str(values[at]) for at in keys)


def _packed(keys: list[str]) -> str:
    items: list = []
    for key in keys:
        if key.isdigit() and items and isinstance(items[-1], list) and items[-1][1] + 1 == int(key):
            items[-1][1] += 1
        else:
            items.append([int(key), int(key)] if key.isdigit() else key)
    return json.dumps(items, separators=(",", ":"))


def _unpacked(text: str, most: int | None = None) -> list[str]:
    """The keys of a manifest line; ValueError if there are more than `most` (an edited line
    could otherwise ask for a run of a trillion keys)."""
    keys: list[str] = []
    for item in json.loads(text):
        if isinstance(item, list):
            first, last = int(item[0]), int(item[1])
            if most is not None and len(keys) + last - first + 1 > most:
                raise ValueError("more keys than hashes")
            keys.extend(str(number) for number in range(first, last + 1))
        else:
            keys.append(str(item))
    return keys


class Manifest:
    """The manifest's lines and each table's row count, built as the rows pass on their way
    into the file, so no table is ever held whole. The lines (22 characters a row: 330 MB at 100
    times the demo) go to a temporary file, read back once into the archive and once for the
    signature; `close()` removes it."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")

    def close(self) -> None:
        self._file.close()

    def _add(self, name: str, keys: list[str], digests: list[str]) -> None:
        # the packed keys are JSON and the table a name: neither holds a tab or a line break
        self._file.write(f"{name}\t{_packed(keys)}\t{''.join(digests)}\n")

    def lines(self):
        """(table, packed keys, hashes) of every line so far, in order."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield tuple(line.rstrip("\n").split("\t"))

    def passing(self, name: str, columns, keys: list[int], rows):
        """`rows`, unchanged, hashed as they go by (`keys`: primary-key positions)."""
        self.counts[name] = 0
        part_keys: list[str] = []
        part_digests: list[str] = []
        for row in rows:
            part_keys.append(row_key(keys, row))
            part_digests.append(row_digest(name, columns, row))
            self.counts[name] += 1
            yield row
            if len(part_keys) == LINE_ROWS:
                self._add(name, part_keys, part_digests)
                part_keys, part_digests = [], []
        if part_keys:
            self._add(name, part_keys, part_digests)


def _signer(key: bytes, about: dict[str, str]):
    """The signature's HMAC over `_about`, to be fed the manifest's lines (`_fed`)."""
    mac = hmac.new(key, b"watershed-backup-1\n", hashlib.sha256)
    mac.update(json.dumps(sorted((k, v) for k, v in about.items() if k != "signature"),
                          ensure_ascii=False).encode() + b"\n")
    return mac


def _fed(mac, line) -> None:
    table, keys, digests = line
    mac.update(f"{table}\t{keys}\t{digests}\n".encode())


def signature(key: bytes, about: dict[str, str], lines) -> str:
    mac = _signer(key, about)
    for line in lines:
        _fed(mac, line)
    return mac.hexdigest()


class Comparison:
    """What differs between an archive's rows and its signed manifest, found as both are read:
    the rows table by table (`table`), the manifest's lines alongside, in one pass each. Rows
    and lines come in the same order (both were written in key order), so a row meets its line
    at once; one that does not (added, deleted, renumbered, moved) waits in a small table until
    its partner comes or the table ends. Memory: the rows out of step, not the file. Nothing
    here trusts the file: the key is this installation's."""

    def __init__(self, about: dict, header, lines, tables: list[str], file: str):
        self.about, self.file, self.tables = about, file, tables
        self.signed = header is not None and list(header[:3]) == [name for name, _, _ in HEADER]
        self.mangled = False  # a line that cannot be read or is out of order: no rows to name
        self.found: list[InputError] = []  # rows added or changed
        self.missing: list[InputError] = []  # rows listed that the file does not hold
        self.count = 0  # every difference, though only the first MAX_KEPT are kept
        self._lines = iter(lines if self.signed else ())
        self._waiting = None  # a line read ahead: the next table's
        self._key = secret() if self.signed else b""
        self._mac = _signer(self._key, about)

    def _next_line(self):
        if self._waiting is not None:
            line, self._waiting = self._waiting, None
            return line
        row = next(self._lines, None)
        if row is None:
            return None
        line = tuple("" if cell is None else str(cell) for cell in (list(row) + [None] * 3)[:3])
        _fed(self._mac, line)
        return line

    def _entries(self, table: str):
        """(key, hash) of each row the manifest lists for `table`."""
        later = self.tables[self.tables.index(table) + 1:]
        while (line := self._next_line()) is not None:
            if line[0] != table:
                self._waiting = line
                self.mangled |= line[0] not in later
                return
            try:
                keys = _unpacked(line[1], len(line[2]) // DIGEST_CHARS)
            except (ValueError, TypeError, IndexError):
                keys = None
            if keys is None or len(line[2]) != len(keys) * DIGEST_CHARS:
                self.mangled = True
                continue
            for at, key in enumerate(keys):
                yield key, line[2][at * DIGEST_CHARS:(at + 1) * DIGEST_CHARS]

    def _note(self, problems: list, problem: InputError) -> None:
        self.count += 1
        if len(self.found) + len(self.missing) < MAX_KEPT:
            problems.append(problem)

    def _compared(self, table: str, row, listed: str) -> None:
        key, number, digest = row
        if digest != listed:
            self._note(self.found, InputError("backup.row_changed", table=table, key=key,
                                              row=number))

    def table(self, table: str, rows) -> None:
        """Read `rows` to the end: (key, row number, hash) of each row of `table`, in order."""
        if not self.signed or self.mangled:  # no rows to name: only read them
            for _ in rows:
                pass
            return
        early_rows: dict = {}  # key -> row, not yet listed
        early_lines: dict = {}  # key -> hash, listed but not yet read
        for row, entry in itertools.zip_longest(rows, self._entries(table)):
            if row is not None and entry is not None and row[0] == entry[0]:
                self._compared(table, row, entry[1])
                continue
            if row is not None:
                if row[0] in early_lines:
                    self._compared(table, row, early_lines.pop(row[0]))
                else:
                    early_rows[row[0]] = row
            if entry is not None:
                if entry[0] in early_rows:
                    self._compared(table, early_rows.pop(entry[0]), entry[1])
                else:
                    early_lines[entry[0]] = entry[1]
        for key, (_, number, _) in early_rows.items():
            self._note(self.found, InputError("backup.row_added", table=table, key=key,
                                              row=number))
        for key in early_lines:
            self._note(self.missing, InputError("backup.row_missing", table=table, key=key))

    def differences(self) -> list[InputError]:
        """Every way the archive differs (the first MAX_KEPT): rows first (they name the table
        and the row), then the signature itself. Call after every table was read."""
        while (line := self._next_line()) is not None:  # lines of no table: signed all the same
            self.mangled = True
        if not self.signed or self.mangled:
            self.count = 1
            return [InputError("backup.bad_signature" if self.signed else "backup.unsigned",
                               file=self.file)]
        problems = self.found + self.missing
        if self.about.get("signed_by") != installation(self._key):
            self.count += 1
            problems.append(InputError("backup.other_installation", file=self.file,
                                       theirs=self.about.get("signed_by") or "?",
                                       ours=installation(self._key)))
        elif not hmac.compare_digest(self.about.get("signature", ""), self._mac.hexdigest()):
            self.count += 1
            problems.append(InputError("backup.bad_signature", file=self.file))
        return problems
