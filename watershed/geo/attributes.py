"""Codes, names and the other attributes of features, found under English or Chinese field names.

Field names are matched ignoring case and surrounding spaces. When several candidate fields are
present (a KML has an empty "Name" beside a filled "名称"), the first one holding any value wins.
Without a code field, codes are generated from the kind in file order: C0001, C0002, ... for
channels, P01 ... for ponds, S01 ... for sources, B01 for a boundary.
"""

import math
import re
from dataclasses import dataclass

import pandas

from watershed.errors import InputError

CODE_FIELDS = ("code", "编号", "代码")
NAME_FIELDS = ("name", "名称")
EXTRA_FIELDS = {
    "channels": {"kind": ("kind", "类型"), "parent": ("parent",)},
    "ponds": {"owner": ("owner", "塘主")},
}
_WHITESPACE = re.compile(r"\s")
GENERATED_CODES = {
    "channels": ("C", 4),
    "ponds": ("P", 2),
    "sources": ("S", 2),
    "boundary": ("B", 2),
}


def as_text(value) -> str:
    """A cell as stripped text: blank for None/NaN, whole floats without ".0"."""
    if value is None or value is pandas.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def find_field(frame: pandas.DataFrame, candidates) -> str | None:
    columns: dict[str, list] = {}
    for column in frame.columns:
        columns.setdefault(str(column).strip().lower(), []).append(column)
    present = [column for candidate in candidates for column in columns.get(candidate, [])]
    for column in present:
        if any(as_text(value) for value in frame[column]):
            return column
    return present[0] if present else None


@dataclass
class Attributes:
    codes: list[str]  # as used: from the file, or generated
    file_codes: list[str]  # as in the file; all blank when generated
    names: list[str | None]
    extra: dict[str, list[str | None]]
    code_field: str | None

    def label(self, index: int) -> str:
        """How a message names a feature: its own code and name, else its position."""
        words = [w for w in (self.file_codes[index], self.names[index]) if w]
        return " ".join(words) or f"#{index + 1}"


def _column(frame, field) -> list[str | None]:
    if field is None:
        return [None] * len(frame)
    return [as_text(value) or None for value in frame[field]]


def attributes_of(frame: pandas.DataFrame, kind: str, file: str, name_field=None) -> Attributes:
    if name_field is not None:
        name_column = find_field(frame, [name_field.strip().lower()])
        if name_column is None:
            fields = ", ".join(str(column) for column in frame.columns) or "-"
            raise InputError("geo.name_field_missing", file=file, field=name_field, fields=fields)
    else:
        name_column = find_field(frame, NAME_FIELDS)
    code_field = find_field(frame, CODE_FIELDS)
    if code_field is None:
        prefix, width = GENERATED_CODES[kind]
        codes = [f"{prefix}{n:0{width}d}" for n in range(1, len(frame) + 1)]
        file_codes = [""] * len(frame)
    else:
        codes = file_codes = [as_text(value) for value in frame[code_field]]
    extra = {
        column: _column(frame, find_field(frame, candidates))
        for column, candidates in EXTRA_FIELDS.get(kind, {}).items()
        if find_field(frame, candidates) is not None
    }
    return Attributes(codes, file_codes, _column(frame, name_column), extra, code_field)


def feature_error(key: str, file: str, attributes: Attributes, index: int, **params):
    return InputError(
        key, file=file, number=index + 1, feature=attributes.label(index), **params
    )


def code_problems(attributes: Attributes, file: str) -> list[tuple[int, InputError]]:
    """Blank codes, codes with spaces, and codes used twice (named at the second use)."""
    problems = []
    first_use: dict[str, int] = {}
    for index, code in enumerate(attributes.codes):
        if not code:
            problems.append(
                (index, feature_error("geo.code_blank", file, attributes, index,
                                      field=attributes.code_field))
            )
        elif _WHITESPACE.search(code):
            problems.append(
                (index, feature_error("geo.code_whitespace", file, attributes, index, code=code))
            )
        elif code in first_use:
            error = feature_error(
                "geo.code_duplicate", file, attributes, index, code=code,
                first=first_use[code] + 1,
            )
            problems.append((index, error))
        else:
            first_use[code] = index
    return problems
