"""Peer evaluation (群众评群众): rounds, ratings, scores and the red/black board."""
