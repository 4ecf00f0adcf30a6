"""Peer evaluation (群众评群众): one fair score per segment, and warnings of rigged ratings.

Pure calculation on tables of ratings (pandas, numpy, networkx): it imports no other watershed layer.

How a segment's score is made (`aggregate`; the model in `model.py`), in plain words:

1. Every rating is read as "the segment's true upkeep, plus how generous this rater is, plus
   chance". A household that rates segments above what others give the same segments is
   *lenient*; its ratings are lowered by that much before they count. A *harsh* one's are raised.
2. A rater whose ratings stray far from the others' (after that correction) is *erratic*; its
   ratings count less. How many households are careful and how many erratic, and how generous
   households are, is learnt from the round itself, not fixed in advance: each household's few
   ratings are read against its village's mix.
3. One rating far off from what its rater usually does (a favour, a grudge, a slip) counts less.
   A rating that `detect_collusion` finds probably a favour counts with weight one minus that
   probability. A household that gave one score (not 1 or 5) to every segment it rated, where
   one score given whatever the segment is likelier than those ratings given as meant, counts
   with weight one minus the chance that it is such a household (their share learnt from the
   round; read once, from the round's first fit).
4. A segment with few ratings is pulled towards its village's level; one opinion is weak
   evidence. Without a village_id, the households and segments joined through ratings are read
   as villages (households rate their own village's segments).
5. The phone cannot record more than 5 or less than 1, so a 5 is read as "5 or better". Some
   households never give less than 4 stars, however poor the segment; where a household's
   ratings say it is one of them (none below 4, its 4s likelier "4 or worse", its generosity
   likelier theirs than the typical one), its 4 is read as "4 or worse", and its generosity is
   read against that of the others like it, not as what the typical household does; nor does it
   count towards the village's mix of careful and erratic households.
6. With `history` (earlier *closed* rounds' ratings, `history.py`), each rater's generosity and
   care seen in those rounds is more evidence about the rater, allowing for habits that drift.
   The earlier rounds' own results are never computed again.

`score` is the best estimate of the true upkeep (1-5). `ci_low`-`ci_high` is the range in which
the true upkeep lies with 90% probability, wide for few or erratic ratings: its width is the
largest of three readings of the score's uncertainty (`intervals.py`): the fit's own; the same
with each household's care judged with its generosity left open, plus how far the score would
move with each household's care, because with about three ratings a
household an erratic one whose ratings happen to lie close together is read as a careful one with
a large leniency (a third of them, on sparse simulated rounds); and the spread the segment's
ratings actually show, the first and the last with what the errors of a segment's ratings
share (a rating's error makes the households that agree with it look careful, and they then weigh
more: linear response); widened where ratings sit at an end of the scale, because a 5 read as
"5 or better" tells its segment less than a 4 does, or near one (a mean of five answers at 4.8
holds four 5s), and where a household that may never rate
below 4 gave a 4.2 or a 4.6, which may mean "that or worse" too, and by how far the score would
move were its ratings read so. The last two and the widening move no estimate (a score near an
end of the scale moves a hair, being the mean of the upkeep restricted to 1-5).
On the simulated rounds of tests/benchmarks/peer_scores.py (per seed 1-15, one round alone; with
three earlier rounds in brackets) it holds the truth 89-92% of the time on the original
simulator, 88-94% on a sparse village round (88-95%), 86-93% where generosity drifts (87-93%),
87-92% where a third of raters never rate below 4 (87-93%), 87-96% on the sparse villages rated
by the model's own equation (88-95%) and 87-93% in whole stars (88-95%), each simulator's mean
90.1-92.2% (90.2-91.8%): with 250-350 segments a round and errors shared by a village, a seed's
figure moves by a few points either way (the village's shift is counted too: `shared_shift`).
The model's own equation, rated with no widget, is the widest: 92.2% (91.8%), 92.8% (91.0%) on
seeds 16-25, where the others hold 88.8-91.2% (90.3-91.1%). Where a third never rate below 4, it held the truth in 83% of
segments on average (83%) before such households were known by their generosity too and the
village's mix of care learnt without them, 55-71% while their generosity set the round's zero
point (step 5). Half of those raters squeeze their whole opinion into 4-5 (a 4.4 for a poor
segment), which a generosity cannot say exactly; the scores there are too high where the true
upkeep is below 2.5 and too low above 3.5 (by 0.04-0.21 and 0.10-0.30 a seed on average), about
as the upkeeps' pull towards their village's level leaves them on the other village rounds.
Weighing the ratings by care judged with generosity left open too (not only the interval) was
tried: it cost accuracy and collusion recall.

`detect_collusion` (`collusion.py`) lists households to look into, each with a reason code:

- `reciprocal`: two households rated each other's segments above what everyone else gave those
  segments (after allowing for their usual generosity, measured without their ratings of a third
  household both trade with: a ring whose households all rate each other), weighed against what
  honest pairs of the same round reach by chance (the edges not rated back); evidence from
  earlier rounds adds up;
- `ring`: one link of a circle of 3-4 households, each rating the next one's segments that way
  (at least two links plainly, none plainly honest), weighed against circles of the
  round's ordinary links;
- `uniform`: a household gave (nearly) the same score to every segment it rated, although the
  others see clear differences between those segments (more than the widget's rounding hides).

Pairs and rings are flagged together, when at most one flag in ten among those as suspect is
expected to be honest; a rating is one favour, counted for one pair or ring only.
Each row names two households: for `reciprocal` the pair (rater_a < rater_b), for `ring`
rater_a rated rater_b's segments (one row per link), for `uniform` rater_b is rater_a itself.
A flag is a reason to look, not proof. A well-kept segment that everyone rates highly is never
evidence, whoever rates it. `evaluate` gives both from one fit.
"""

from watershed.evaluation.history import rater_history
from watershed.evaluation.round_result import Evaluation, aggregate, detect_collusion, evaluate

__all__ = ["Evaluation", "aggregate", "detect_collusion", "evaluate", "rater_history"]
