"""Storage: SQLAlchemy tables, the engine settings for SQLite and PostgreSQL/PostGIS, migrations."""
