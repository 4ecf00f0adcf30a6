"""Storage: SQLAlchemy tables (one module per part, in tables/), the engine settings for SQLite and
PostgreSQL/PostGIS, migrations.

It may import SQLAlchemy, Alembic and shapely, and from watershed only watershed.store itself:
never the domain, the services, maps or pages.
"""
