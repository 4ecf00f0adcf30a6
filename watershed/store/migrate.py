"""Creating and migrating the schema (`watershed init`)."""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from watershed.store.database import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache  # the migration scripts ship with the program: read once a process, not at every command
def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; returns (revision before, revision after)."""
    before = current_revision(db)
    _migrate(db, lambda config: command.upgrade(config, "head"))
    return before, head_revision()


def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to `revision` (the tests check that each migration goes both ways)."""
    _migrate(db, lambda config: command.downgrade(config, revision))


def _migrate(db: Database, move) -> None:
    """Run `move(config)` in one transaction. On SQLite, altering a table in batch mode copies
    it and drops the old one, which foreign-key enforcement refuses once other tables point at
    its rows; so enforcement is off while the migrations run (the pragma only takes effect
    outside a transaction), the keys are checked before committing, and it is on again after."""
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config = _config()
                config.attributes["connection"] = connection
                move(config)
                check = "PRAGMA foreign_key_check"
                broken = connection.exec_driver_sql(check).all() if sqlite else []
                if broken:
                    raise RuntimeError(f"a migration left rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
