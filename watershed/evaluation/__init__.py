"""Peer evaluation (群众评群众): one fair score per segment, and warnings of rigged ratings.

Pure calculation on tables of ratings (pandas, numpy, networkx): it imports no other watershed layer.

How `aggregate` makes a segment's score, in plain words:

1. Every rating is read as "the segment's true upkeep, plus how generous this rater is, plus
   chance". A household that rates segments a point above what others give the same segments is
   *lenient*; its ratings are lowered by that point before they count. A *harsh* one's are raised.
   Generosity is measured on each household's own ratings in the round, against the others'.
2. A rater whose ratings stray far from the others' (after that correction), time after time, is
   *noisy*; its ratings count less. A consistent rater's count more.
3. A segment starts at the average of all ratings in the round and each rating moves it; with
   one rating it stays closer to the average than with twenty, because one opinion is weak
   evidence.
4. The phone cannot record more than 5 or less than 1, so a 5 is read as "5 or better".

`score` is the best estimate of the true upkeep (1-5). `ci_low`-`ci_high` is the range in which
the true upkeep lies with 90% probability under the model: wide for few or noisy ratings, narrow
for many consistent ones. (On simulated rounds it held the truth for about 87% of segments, a
little less than promised, because colluders and lazy raters are not mere chance.)

This is model PG1 of Piech et al., "Tuned Models of Peer Assessment in MOOCs" (2013), fitted by a
fixed, repeatable calculation (no dice): the same ratings always give the same figures. The
constants and why they were chosen are in `scores.py`.

`detect_collusion` lists households to look into, each with a reason code:

- `reciprocal`: two households rated each other's segments well above what everyone else gave
  those segments (after allowing for their usual generosity);
- `ring`: one link of a circle of 3-4 households, each rating the next one's segments that way;
- `uniform`: a household gave (nearly) the same score to every segment it rated, although the
  others see clear differences between those segments.

Each row names two households: for `reciprocal` the pair (rater_a < rater_b), for `ring`
rater_a rated rater_b's segments (one row per link), for `uniform` rater_b is rater_a itself.
A flag is a reason to look, not proof. A well-kept segment that everyone rates highly is never
evidence, whoever rates it.
"""

from watershed.evaluation.collusion import detect_collusion
from watershed.evaluation.scores import aggregate

__all__ = ["aggregate", "detect_collusion"]
