"""watershed: segment custody, peer rating and dredging progress for a small river basin."""

__version__ = "0.1.0"
