"""The fit stops because it has converged, not because it ran out of sweeps."""

import numpy as np
import pandas as pd
import pytest

from tests.benchmarks.village_rounds import play
from watershed.evaluation import blocks, model, sweep, villages
from watershed.evaluation.simulation import simulate_round

ROUNDS = {
    # simulate_round seed 1 holds the household that rated four segments 1 and one 5: before the
    # noise classes were damped its care flipped between two values every sweep, for ever.
    "original": lambda: simulate_round(2000, 3000, seed=1).ratings,
    "sparse": lambda: play("sparse", 1, 2)[0].ratings,
    "floor4": lambda: play("floor4", 1, 1)[0].ratings,
    # One household's class at 4 (watershed.evaluation.likelihood.Floors) turned from 0.36 to 1
    # over 50 sweeps that each moved no upkeep by the tolerance: the fit stopped 0.28 from its end.
    "sparse, a class turning late": lambda: play("sparse", 1, 5)[0].ratings,
    # Before end ratings were read as "this end or beyond" in the noise classes, this one stopped
    # 0.072 from its end, and the next never reached a hundredth of the tolerance in 500 sweeps.
    "drift, seed 3": lambda: play("drift", 1, 3)[0].ratings,
    "floor4, seed 5": lambda: play("floor4", 1, 5)[0].ratings,
}


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_the_fit_stops_on_its_tolerance_and_where_a_much_tighter_one_would(name, monkeypatch):
    frame = ROUNDS[name]()
    shipped = model.fit(frame)
    assert shipped.iterations < model.MAX_ITERATIONS
    # A hundred times tighter must also be reached: a fit that only wobbles within the shipped
    # tolerance (a cycle, a slow creep) never gets there.
    monkeypatch.setattr(model, "TOLERANCE", model.TOLERANCE / 100)
    tight = model.fit(frame)
    assert tight.iterations < model.MAX_ITERATIONS
    # Stopping early costs far less than the 0.1 the board shows.
    assert np.abs(shipped.upkeep - tight.upkeep).max() < 0.05


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_settling_the_last_moving_segments_in_blocks_ends_where_full_sweeps_alone_do(name, monkeypatch):
    frame = ROUNDS[name]()
    drawn = []

    def counted(*args):
        found = blocks.block(*args)
        drawn.append(found is not None)
        return found

    monkeypatch.setattr(model, "block", counted)
    in_blocks = model.fit(frame)
    assert any(drawn)  # else this would compare full sweeps with full sweeps
    monkeypatch.setattr(model, "TOLERANCE", model.TOLERANCE / 100)
    tight = model.fit(frame)
    monkeypatch.setattr(model, "TOLERANCE", model.TOLERANCE * 100)
    monkeypatch.setattr(blocks, "BLOCK_SHARE_MAX", 0.0)  # no block is small enough: full sweeps only
    full_only = model.fit(frame)
    assert np.abs(in_blocks.upkeep - tight.upkeep).max() < 0.05
    assert np.abs(in_blocks.upkeep - full_only.upkeep).max() < 0.05


def test_a_block_round_a_rating_that_says_almost_nothing_settles(monkeypatch):
    # A rating read as "4 or worse" far below 4 tells its segment almost nothing; while it was let
    # tell less than a hundredth of a rating's precision, a block round it grew its moves by 2% a
    # sweep, and a thousand times the shipped tolerance was never reached.
    monkeypatch.setattr(model, "TOLERANCE", model.TOLERANCE / 1000)
    assert model.fit(play("drift", 1, 5)[0].ratings).iterations < model.MAX_ITERATIONS


def test_a_refit_that_starts_from_the_fit_ends_where_a_fresh_one_does():
    frame = play("sparse", 1, 3)[0].ratings
    first = model.fit(frame)
    doubt = np.where(np.arange(len(frame)) % 7 == 0, 0.5, 0.0)
    fresh = model.fit(frame, doubt=doubt)
    warm = model.fit(frame, doubt=doubt, start=first)
    assert warm.iterations < fresh.iterations
    assert np.abs(warm.upkeep - fresh.upkeep).max() < 0.05


def test_a_start_from_other_ratings_is_refused():
    frame = play("sparse", 1, 3)[0].ratings
    with pytest.raises(ValueError, match="same ratings"):
        model.fit(frame.iloc[:-1], start=model.fit(frame))


def test_a_household_that_gives_everything_five_keeps_a_finite_generosity():
    rng = np.random.default_rng(4)
    truth = {s: 1.5 + 3 * (s % 10) / 10 for s in range(1, 41)}
    rows = [(r, s, s, float(np.clip(round((t + rng.normal(0, 0.3)) * 5) / 5, 1, 5)))
            for r in range(101, 121) for s, t in truth.items() if rng.random() < 0.4]
    rows += [(999, s, s, 5.0) for s in range(1, 41, 3)]
    frame = pd.DataFrame(rows, columns=["rater_id", "segment_id", "custodian_id", "score"])
    fitted = model.fit(frame)
    assert fitted.iterations < model.MAX_ITERATIONS
    generous = fitted.leniency[fitted.rater_ids.get_loc(999)]
    assert 0.5 < generous < 10


def test_the_ratings_are_grouped_as_a_stable_sort_would_group_them():
    # Sixteen bits at a time (watershed.evaluation.sweep.Groups): one pass, and two.
    rng = np.random.default_rng(5)
    for n in (3, 70_000, 200_000):
        codes = rng.integers(0, n, 300_000)
        assert (sweep.Groups(codes, n).order == np.argsort(codes, kind="stable")).all()


def test_a_block_hears_the_same_from_outside_gathered_or_as_all_less_its_own(monkeypatch):
    fitted = model.fit(ROUNDS["original"]())
    unsettled = np.zeros(fitted.problem.n_seg, dtype=bool)
    unsettled[[3, 500, 1200]] = True
    heard = []
    for share in (0.0, 1.0):  # never gathered; always gathered
        monkeypatch.setattr(blocks, "GATHER_SHARE_MAX", share)
        local = blocks.block(fitted.problem, fitted.state, unsettled)
        heard.append(np.concatenate([local.state.prior_precision, local.state.prior_pull]))
    np.testing.assert_allclose(heard[0], heard[1], rtol=1e-9)
    assert not np.allclose(heard[0][:len(heard[0]) // 2], fitted.state.prior_precision[local.segments])


def test_a_shift_that_no_rating_sees_is_undone_in_a_few_sweeps_not_crept_out_of():
    # Every leniency raised by 0.3 and every upkeep lowered by as much predicts every rating as
    # well; only the priors tell. A sweep alone undoes an eighth of it; moved along it after each
    # sweep (villages.centre), the fit is back where it was within three.
    fitted = model.fit(ROUNDS["original"]())
    away = []
    for centred in (False, True):
        state = fitted.state.copy()
        state.cavity_mean = state.cavity_mean + 0.3
        for _ in range(3):
            sweep.sweep(fitted.problem, state)
            if centred:
                villages.centre(fitted.problem, state)
        away.append(np.abs(np.median(state.upkeep - fitted.upkeep)))
    assert away[0] > 0.15
    assert away[1] < 0.02


def test_the_centring_holds_the_upkeeps_where_its_shift_puts_them():
    # The sweep after it then counts what the ratings move, not the shift (counted, a shift of a
    # thousandth left every segment of a large round unsettled every other sweep).
    fitted = model.fit(ROUNDS["original"]())
    state = fitted.state.copy()
    state.cavity_mean = state.cavity_mean + 0.3
    sweep.sweep(fitted.problem, state)
    before = state.upkeep.copy()
    shifted = villages.centre(fitted.problem, state)
    moved = np.abs(state.upkeep - before)
    assert moved.min() > 0.1
    np.testing.assert_allclose(moved, shifted)
    assert np.median(sweep.sweep(fitted.problem, state)) < moved.min() / 3


def test_the_fit_does_not_end_while_the_centring_still_moves_a_group_by_its_tolerance(monkeypatch):
    frame = ROUNDS["original"]()
    plain = model.fit(frame).iterations
    steps = []

    def still_moving(problem, state):
        villages.centre(problem, state)
        steps.append(None)
        return model.TOLERANCE if len(steps) <= plain else 0.0

    monkeypatch.setattr(model, "centre", still_moving)
    assert model.fit(frame).iterations > plain


@pytest.mark.parametrize("name", ["original", "sparse"])
def test_a_fit_stopped_once_blocks_can_settle_it_and_then_continued_ends_where_a_whole_fit_does(name):
    # evaluate reads the favours from a fit so stopped, and continues it with the doubt.
    frame = ROUNDS[name]()
    stopped = model.fit(frame, settle=False)
    whole = model.fit(frame)
    assert stopped.iterations < whole.iterations and stopped.unsettled is not None
    continued = model.fit(frame, start=stopped)
    assert continued.unsettled is None
    assert np.abs(continued.upkeep - whole.upkeep).max() < 0.05
    assert np.abs(stopped.upkeep - whole.upkeep).max() < 0.1


@pytest.mark.parametrize("name, seed", [("floor4", 2), ("drift", 2)])
def test_households_held_about_their_own_generosity_let_the_fit_settle(name, seed):
    # Held by the widest class of generosity instead, a household that never rates below 4 and
    # whose ratings say little of its generosity swung with its class every sweep, and these fits
    # ran to MAX_ITERATIONS (floor4 seed 2; drift seed 2 took 142 sweeps). A hundred times tighter
    # tolerance is still not reached on floor4 seed 2: a few segments creep in a block.
    assert model.fit(play(name, 1, seed)[0].ratings).iterations < model.MAX_ITERATIONS
