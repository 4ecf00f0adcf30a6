"""Pages of the geometry part: Uploading geometry and seeing the cut before it is saved."""
