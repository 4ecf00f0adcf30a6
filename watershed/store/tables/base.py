"""The declarative base of every table, and the bounding-box columns the map tables share."""

from sqlalchemy import Float
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class BBoxMixin:
    """Bounding-box columns, so SQLite can answer "what is in this map window" with an index."""

    minx: Mapped[float] = mapped_column(Float)
    miny: Mapped[float] = mapped_column(Float)
    maxx: Mapped[float] = mapped_column(Float)
    maxy: Mapped[float] = mapped_column(Float)
