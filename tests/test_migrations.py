"""The migrations build exactly the schema the models describe, on both databases."""

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from watershed.store.tables import Base


def _differences(db) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        found = compare_metadata(context, Base.metadata)
    return [d for d in found if not _made_for_postgis(d)]


def _made_for_postgis(difference) -> bool:
    """PostGIS's own table, and the GiST indexes the migration makes on PostgreSQL only."""
    kind, thing = difference[0], difference[1] if len(difference) > 1 else None
    return (kind == "remove_table" and thing.name == "spatial_ref_sys") or (
        kind == "remove_index" and thing.name.startswith("gix_"))


def test_the_migrated_schema_matches_the_models(db):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Did not recognize type 'geometry'")
        assert _differences(db) == []
