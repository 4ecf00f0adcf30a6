"""Splitting long lists of ids for IN (...) clauses: SQLite allows at most 32,766 parameters."""

from collections.abc import Iterator, Sequence

BATCH = 5000


def chunked(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
