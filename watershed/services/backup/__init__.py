"""The whole database to one file and back (.gpkg or .xlsx), all or nothing."""
