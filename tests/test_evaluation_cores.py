"""The evaluation's work split over the cores (watershed.evaluation.cores): every piece runs, and
calls made together answer in order; an error reaches the caller, a forked child is not left
waiting on its parent's threads, a table worked out class by class on the cores is the one worked
out class by class in turn, and a round scores the same on one core as on four."""

import multiprocessing

import numpy as np
import pandas as pd
import pytest

from watershed.evaluation import cores
from watershed.evaluation.likelihood import NOISE_SDS, class_loglik


def test_every_piece_runs_once_and_an_error_in_one_reaches_the_caller():
    ran = np.zeros(50, dtype=int)

    def work(k):
        ran[k] += 1

    cores.each(work, 50)
    assert (ran == 1).all()

    def failing(k):
        if k == 3:
            raise ValueError(f"piece {k}")

    with pytest.raises(ValueError, match="piece 3"):
        cores.each(failing, 6)


def test_calls_made_together_give_their_results_in_the_order_asked():
    values = np.arange(100_000.0)
    assert cores.together(lambda: values.sum(), lambda: "second", lambda: values[:3].tolist()) == [
        values.sum(), "second", [0.0, 1.0, 2.0]]
    with pytest.raises(ZeroDivisionError):
        cores.together(lambda: 1, lambda: 1 / 0)


def _child(queue):
    out = [0] * 6

    def work(k):
        out[k] = k + 1

    cores.each(work, 6)
    queue.put(out)


def test_a_child_forked_after_the_threads_started_still_gets_its_work_done():
    # A pool's threads do not cross a fork; one that thinks they did waits for them for ever.
    cores.each(lambda k: None, 6)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(queue,))
    child.start()
    child.join(60)
    hung = child.is_alive()
    child.kill()
    assert not hung
    assert queue.get(timeout=5) == [1, 2, 3, 4, 5, 6]


def test_the_noise_classes_table_is_each_classes_sum_over_its_raters_ratings():
    rng = np.random.default_rng(7)
    n, raters = 5_000, 700
    excess, spread = rng.normal(0, 0.8, n), rng.uniform(0.02, 0.6, n)
    outlier, rater = rng.uniform(0, 0.2, n), rng.integers(0, raters, n)
    table = class_loglik(excess, spread, outlier, rater, raters, rounding=1 / 60)
    for k, sd in enumerate(NOISE_SDS):
        variance = sd**2 + 1 / 60 + spread
        expected = -0.5 * np.bincount(rater, (1 - outlier) * (excess**2 / variance + np.log(variance)),
                                      minlength=raters)
        np.testing.assert_allclose(table[k], expected, rtol=1e-4, atol=1e-4)


def test_a_round_scored_on_one_core_and_on_four_is_the_same_to_the_last_bit(monkeypatch):
    # Each piece writes only its own row or result: were two to share a buffer, the order in which
    # the threads ran would show in the scores.
    from concurrent.futures import ThreadPoolExecutor

    from watershed.evaluation import evaluate
    from watershed.evaluation.simulation import simulate_round

    frame = simulate_round(400, 600, seed=5).ratings[["rater_id", "segment_id", "custodian_id", "score"]]
    results = []
    for workers in (1, 4):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            monkeypatch.setattr(cores, "_pool", pool)
            results.append(evaluate(frame))
    one, four = results
    assert len(one.scores) == 400
    pd.testing.assert_frame_equal(one.scores, four.scores, check_exact=True)
    pd.testing.assert_frame_equal(one.flags, four.flags, check_exact=True)
