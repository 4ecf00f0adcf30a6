"""Reading geometry and household files: formats, encodings, coordinate systems, checks."""
