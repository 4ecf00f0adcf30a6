"""One column type for geometry on both databases.

SQLite keeps WKB in a BLOB (SpatiaLite cannot be loaded by this Python); PostgreSQL keeps a PostGIS
`geometry` in EPSG:4326 so that GiST indexes and ST_* functions work. Either way the application
reads and writes shapely geometries. GeoAlchemy2's own type is not used: its table events assume
the column type is its own and break on a type that changes with the dialect.
"""

import shapely
from sqlalchemy import LargeBinary, func
from sqlalchemy.types import TypeDecorator, UserDefinedType

SRID = 4326


def _from_wkb(value):
    if value is None or isinstance(value, shapely.Geometry):
        return value
    return shapely.from_wkb(bytes(value))


class _PostGISGeometry(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return f"geometry(Geometry,{SRID})"

    def bind_expression(self, bindvalue):
        return func.ST_GeomFromWKB(bindvalue, SRID)

    def column_expression(self, col):
        return func.ST_AsBinary(col, type_=self)

    def result_processor(self, dialect, coltype):
        return _from_wkb


class Geometry(TypeDecorator):
    """A shapely geometry in EPSG:4326: WKB BLOB on SQLite, PostGIS geometry on PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect is not None and dialect.name == "postgresql":
            return _PostGISGeometry()
        return LargeBinary()

    def process_bind_param(self, value, dialect):
        # WKB bytes pass as they are, so bulk writers can encode a whole array in one call.
        if value is None or isinstance(value, bytes):
            return value
        return shapely.to_wkb(value)

    def process_result_value(self, value, dialect):
        return _from_wkb(value)
