"""Channels, ponds, sources and the boundary read from files; channels cut into custody segments;
what a map draws; exports."""
