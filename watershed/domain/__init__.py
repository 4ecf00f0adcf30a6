"""Entities and rules of the basin: no I/O, no storage, no pages."""
