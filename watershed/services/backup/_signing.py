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
import json
import os
import secrets
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


def _unpacked(text: str) -> list[str]:
    keys = []
    for item in json.loads(text):
        if isinstance(item, list):
            keys.extend(str(number) for number in range(int(item[0]), int(item[1]) + 1))
        else:
            keys.append(str(item))
    return keys


class Manifest:
    """The manifest's lines and each table's row count, built as the rows pass on their way
    into the file, so no table is ever held whole: only the lines (22 characters a row)."""

    def __init__(self):
        self.lines: list[tuple[str, str, str]] = []
        self.counts: dict[str, int] = {}

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
                self.lines.append((name, _packed(part_keys), "".join(part_digests)))
                part_keys, part_digests = [], []
        if part_keys:
            self.lines.append((name, _packed(part_keys), "".join(part_digests)))


def signature(key: bytes, about: dict[str, str], lines) -> str:
    mac = hmac.new(key, b"watershed-backup-1\n", hashlib.sha256)
    mac.update(json.dumps(sorted((k, v) for k, v in about.items() if k != "signature"),
                          ensure_ascii=False).encode() + b"\n")
    for table, keys, digests in lines:
        mac.update(f"{table}\t{keys}\t{digests}\n".encode())
    return mac.hexdigest()


def _listed(sheet, problems: list, file: str) -> tuple[list, dict] | tuple[None, dict]:
    """The archive's manifest lines and {(table, key): hash}, or None (with a problem) if there
    is no manifest to trust."""
    if sheet is None or list(sheet[0][:3]) != [name for name, _, _ in HEADER]:
        problems.append(InputError("backup.unsigned", file=file))
        return None, {}
    lines = [tuple("" if cell is None else str(cell) for cell in (list(row) + [None] * 3)[:3])
             for row in sheet[1]]
    listed = {}
    try:
        for table, keys, digests in lines:
            keys = _unpacked(keys)
            if len(digests) != len(keys) * DIGEST_CHARS:
                raise ValueError("as many hashes as keys")
            for at, key in enumerate(keys):
                listed[(table, key)] = digests[at * DIGEST_CHARS:(at + 1) * DIGEST_CHARS]
    except (ValueError, TypeError, IndexError):
        problems.append(InputError("backup.bad_signature", file=file))  # mangled: no rows to name
        return None, {}
    return lines, listed


def differences(about: dict, sheet, records: dict, columns, file: str) -> list[InputError]:
    """Every way the archive differs from what its signed manifest says, rows first (they name
    the table and the row), then the signature itself. `records`: table -> typed rows (dicts);
    `columns`: table -> [(name, kind, nullable)], with the primary key's column names under
    `columns[table].keys`. Nothing here trusts the file: the key is this installation's."""
    problems: list[InputError] = []
    lines, listed = _listed(sheet, problems, file)
    seen = set()
    for table, rows in records.items():
        wanted, names = columns[table]
        for number, record in enumerate(rows, start=1):
            values = [record[name] for name, _, _ in wanted]
            row = "/".join(str(record[name]) for name in names)
            seen.add((table, row))
            if lines is None:
                continue
            digest = listed.get((table, row))
            if digest is None:
                problems.append(InputError("backup.row_added", table=table, key=row, row=number))
            elif digest != row_digest(table, wanted, values):
                problems.append(InputError("backup.row_changed", table=table, key=row, row=number))
    for table, row in listed:
        if (table, row) not in seen and table in records:
            problems.append(InputError("backup.row_missing", table=table, key=row))
    if lines is not None:
        key = secret()
        if about.get("signed_by") != installation(key):
            problems.append(InputError("backup.other_installation", file=file,
                                       theirs=about.get("signed_by") or "?",
                                       ours=installation(key)))
        elif not hmac.compare_digest(about.get("signature", ""), signature(key, about, lines)):
            problems.append(InputError("backup.bad_signature", file=file))
    return problems
