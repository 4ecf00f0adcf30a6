"""Alembic environment: one migration tree for SQLite and PostgreSQL.

Run through `watershed init` (watershed.store.migrate), which hands over an open connection.
SQLite cannot ALTER most things, so migrations run in batch mode there.
"""

from alembic import context

from watershed.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
