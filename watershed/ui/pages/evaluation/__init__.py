"""Pages of the evaluation part: Rating others' segments, my scores, evaluation rounds and the red/black board."""
