"""One score per segment from residents' ratings (the model: watershed.evaluation.model).

Reported per segment: `score`, the posterior mean of the true upkeep restricted to the 1-5 scale,
i.e. E[clip(upkeep, 1, 5)]; `ci_low`-`ci_high`, the 90% posterior interval of that (mean ± 1.645
sd, clipped to 1-5; from an end of the scale to mean ± 1.282 sd where more than 5% lies beyond
that end), its variance the model's `upkeep_variance` (watershed.evaluation.model: the
largest of the fit's own, one with the raters' care left more open, and the ratings' own spread,
widened by what a rating at an end of the scale cannot say, plus the doubt a village that rates
only itself leaves about its households' generosity). The score's own E[clip] is drawn from the
variance without that widening (`Fit.score_variance`), which moved scores and cost accuracy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from watershed.evaluation.model import Fit
from watershed.evaluation.normal import SCORE_MAX, SCORE_MIN, Z_90, Z_90_ONE_SIDED, mean_on_the_scale, upper_tail

REQUIRED_COLUMNS = ("rater_id", "segment_id", "custodian_id", "score")
OUTPUT_COLUMNS = ("score", "ci_low", "ci_high", "n_ratings")


def validate_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """The ratings with a float `score`; ValueError naming the column for anything unusable."""
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, not {type(ratings).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings is missing column(s): {', '.join(missing)}")
    for column in ("rater_id", "segment_id", "custodian_id"):
        blanks = int(ratings[column].isna().sum())
        if blanks:
            raise ValueError(f"column '{column}' has {blanks} missing value(s)")
    score = ratings["score"]
    numeric = pd.api.types.is_numeric_dtype(score) and not pd.api.types.is_bool_dtype(score)
    if not numeric and not ratings.empty:  # an empty frame built without dtypes is still empty
        raise ValueError(f"column 'score' must be numeric, got dtype {score.dtype}")
    values = score.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError(f"column 'score' has {int(np.isnan(values).sum())} missing value(s)")
    outside = (values < SCORE_MIN) | (values > SCORE_MAX)
    if outside.any():
        raise ValueError(
            f"column 'score' must lie within {SCORE_MIN:g}-{SCORE_MAX:g}; {int(outside.sum())} row(s) "
            f"do not (e.g. {values[outside][0]:g})"
        )
    return ratings.assign(score=values)


def empty_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    index = pd.Index([], dtype=ratings["segment_id"].dtype, name="segment_id")
    columns = {c: pd.Series([], dtype=float, index=index) for c in OUTPUT_COLUMNS[:-1]}
    return pd.DataFrame({**columns, "n_ratings": pd.Series([], dtype=np.int64, index=index)}, index=index)


def scores_of(model: Fit) -> pd.DataFrame:
    """The score table of a fitted model (see `aggregate`)."""
    score = np.clip(mean_on_the_scale(model.upkeep, np.sqrt(model.score_variance)), SCORE_MIN, SCORE_MAX)
    upkeep, sd = model.upkeep, np.sqrt(model.upkeep_variance)
    # The upkeep restricted to 1-5 holds at an end all the posterior beyond it. Where that is more
    # than a tail's 5%, the interval reaches the end and leaves the whole 10% out at the other
    # side: the central quantiles, clipped, then held 95% (on the village rounds of
    # tests/benchmarks/peer_scores.py such intervals held the truth 96-99% of the time, seeds 1-15,
    # where the others held 90-92%). Where both ends hold that much, the interval is the scale.
    above, below = upper_tail((SCORE_MAX - upkeep) / sd), upper_tail((upkeep - SCORE_MIN) / sd)
    down = np.where(above >= 0.05, Z_90_ONE_SIDED, Z_90)
    up = np.where(below >= 0.05, Z_90_ONE_SIDED, Z_90)
    both = (above >= 0.05) & (below >= 0.05)
    # Where nearly all of the posterior lies beyond an end, its mean can sit a hair inside the end
    # while both quantiles sit on it; widen the interval by that hair so that it always holds the
    # score shown.
    low = np.minimum(np.where(both, SCORE_MIN, np.clip(upkeep - down * sd, SCORE_MIN, SCORE_MAX)), score)
    high = np.maximum(np.where(both, SCORE_MAX, np.clip(upkeep + up * sd, SCORE_MIN, SCORE_MAX)), score)
    return pd.DataFrame(
        {"score": score, "ci_low": low, "ci_high": high, "n_ratings": model.n_ratings},
        index=model.segment_ids,
    )
