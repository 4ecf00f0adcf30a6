"""Benchmark: the peer scores on village rounds simulated apart from tests/benchmarks/village_rounds.py.

    python tests/benchmarks/apart_rounds.py [--variants base,whole,mean3,sparse3,small,clique] [--seeds 1-10]
        [--no-history] [--detail] [--save FILE.csv]

Written on 7 December 2026 by a helper who read issue 15's description of the regime and none of
the project's simulators, so that a figure that holds only on our own simulation shows up here:
8-15 villages of 20-40 households, each keeping 1-3 segments; the app assigns three raters from
the village to every segment and households add a few ratings of popular segments (3-12 a
segment); 30% erratic raters (sd 1.3), the rest careful (0.35), each sd jittered; leniency sd 0.7;
upkeep 1 + 4 sigmoid(village level + segment), drifting between rounds; pairs of poorly kept
custodians, and one ring of four, each rating a partner's worst segment up by about 2 points,
floored at 4 (variant `clique`: each of the ring rates all three others); three earlier rounds of the same households, a pair trading in each of them by a
coin. Recorded to the nearest half star (variant `base`), in whole stars, or as the mean of three
whole-star answers. Per variant and seed it prints the RMSE of the plain mean, of the model and of
an oracle that knows every rater's leniency and sd and drops the favours, the interval's coverage,
pairs and ring members found and the precision of the flagged households, alone and with history.
Not a test: figures only. A few seconds a seed.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field, replace

from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from watershed.evaluation import evaluate  # noqa: E402

Z90 = 1.6448536269514722


@dataclass(frozen=True)
class Config:
    name: str = "base"
    villages: tuple = (8, 15)          # number of villages, inclusive range
    households: tuple = (20, 40)       # households per village, inclusive range
    seg_per_hh: tuple = ((1, 0.85), (2, 0.12), (3, 0.03))
    assigned: int = 3                  # raters the app assigns to every segment
    voluntary: float = 0.6             # mean extra ratings per household (popular segments)
    max_raters: int = 12
    erratic_share: float = 0.30
    sd_erratic: float = 1.3
    sd_careful: float = 0.35
    sd_spread: float = 0.15            # log-sd of a rater's sd around its class value
    leniency_sd: float = 0.7
    village_sd: float = 0.35           # village level, logit scale
    segment_sd: float = 0.95           # segment around village, logit scale
    poor: float = 2.3                  # a household with a segment below this may collude
    collude_p: float = 0.35            # share of poor custodians that pair up
    ring: int = 4
    clique: bool = False               # ring members rate all the others, not only the next one
    inflation: float = 2.0
    widget: str = "half"               # half: nearest 0.5 star; whole: whole stars; mean3: mean of 3 whole-star answers
    pass_village: bool = True
    history_collude_p: float = 0.5    # chance a colluding pair/ring also colluded in an earlier round
    truth_shape: str = "logit"         # logit: 1 + 4 sigmoid(normal), thin near the ends; clip: normal clipped to 1-5
    upkeep_drift: float = 0.35         # logit-scale change of a segment's upkeep from round to round


def record(latent: np.ndarray, widget: str, rng: np.random.Generator) -> np.ndarray:
    if widget == "half":
        return np.clip(np.round(latent * 2) / 2, 1, 5)
    if widget == "whole":
        return np.clip(np.round(latent), 1, 5)
    if widget == "mean3":
        # three questions (path, drains, litter) each answered in whole stars; each answer
        # differs from the rater's overall impression a little
        answers = np.clip(np.round(latent[:, None] + rng.normal(0, 0.5, (len(latent), 3))), 1, 5)
        return answers.mean(axis=1)
    raise ValueError(widget)


@dataclass
class World:
    cfg: Config
    hh_village: np.ndarray
    leniency: np.ndarray
    sd: np.ndarray
    erratic: np.ndarray
    seg_village: np.ndarray
    seg_custodian: np.ndarray
    seg_z: np.ndarray                  # logit-scale upkeep of the current round
    pairs: list = field(default_factory=list)
    rings: list = field(default_factory=list)


SHAPE = {"v": "logit"}


def truth_of(z: np.ndarray) -> np.ndarray:
    if SHAPE["v"] == "clip":  # z read as upkeep itself (around 3.1, sd about 0.9): some segments sit on an end
        return np.clip(3.1 + 0.9 * z, 1, 5)
    return 1 + 4 / (1 + np.exp(-z))


def make_world(cfg: Config, rng: np.random.Generator) -> World:
    nv = rng.integers(cfg.villages[0], cfg.villages[1] + 1)
    sizes = rng.integers(cfg.households[0], cfg.households[1] + 1, nv)
    hh_village = np.repeat(np.arange(nv), sizes)
    nh = len(hh_village)
    erratic = rng.random(nh) < cfg.erratic_share
    sd = np.where(erratic, cfg.sd_erratic, cfg.sd_careful) * np.exp(rng.normal(0, cfg.sd_spread, nh))
    leniency = rng.normal(0, cfg.leniency_sd, nh)
    counts, probs = zip(*cfg.seg_per_hh)
    nseg = rng.choice(counts, nh, p=np.array(probs) / sum(probs))
    seg_custodian = np.repeat(np.arange(nh), nseg)
    seg_village = hh_village[seg_custodian]
    level = rng.normal(0.1, cfg.village_sd, nv)
    seg_z = level[seg_village] + rng.normal(0, cfg.segment_sd, len(seg_custodian))
    return World(cfg, hh_village, leniency, sd, erratic, seg_village, seg_custodian, seg_z)


def choose_colluders(w: World, rng: np.random.Generator) -> None:
    cfg, truth = w.cfg, truth_of(w.seg_z)
    worst = pd.Series(truth).groupby(w.seg_custodian).min().to_numpy()
    poor = worst < cfg.poor
    pairs, rings = [], []
    # the ring: the village with most poor custodians among a random order of villages
    order = rng.permutation(np.unique(w.hh_village))
    best = max(order, key=lambda v: (poor & (w.hh_village == v)).sum())
    ring_village = best
    taken = np.zeros(len(worst), bool)
    cands = np.flatnonzero(poor & (w.hh_village == ring_village))
    if len(cands) < cfg.ring:  # too few poor ones: the poorest of the village
        vh = np.flatnonzero(w.hh_village == ring_village)
        cands = vh[np.argsort(worst[vh])[: cfg.ring]]
    if cfg.ring:
        ring = list(rng.choice(cands, cfg.ring, replace=False))
        rings.append(ring)
        taken[ring] = True
    for v in np.unique(w.hh_village):
        c = np.flatnonzero(poor & ~taken & (w.hh_village == v))
        c = c[rng.random(len(c)) < cfg.collude_p]
        c = rng.permutation(c)
        for i in range(0, len(c) - 1, 2):
            pairs.append((int(min(c[i], c[i + 1])), int(max(c[i], c[i + 1]))))
    w.pairs, w.rings = pairs, rings


def favour_edges(w: World) -> list:
    edges = []
    for a, b in w.pairs:
        edges += [(a, b), (b, a)]
    for ring in w.rings:
        edges += ring_edges(ring, w.cfg.clique)
    return edges


def ring_edges(ring, clique: bool) -> list:
    if clique:
        return [(a, b) for a in ring for b in ring if a != b]
    return [(a, ring[(i + 1) % len(ring)]) for i, a in enumerate(ring)]


def one_round(w: World, rng: np.random.Generator, edges: list) -> pd.DataFrame:
    cfg = w.cfg
    truth = truth_of(w.seg_z)
    raters = [set() for _ in range(len(truth))]
    load = np.zeros(len(w.hh_village))
    for v in np.unique(w.hh_village):
        hh = np.flatnonzero(w.hh_village == v)
        segs = rng.permutation(np.flatnonzero(w.seg_village == v))
        for s in segs:  # the app balances load: least-loaded households first, ties at random
            ok = hh[hh != w.seg_custodian[s]]
            key = load[ok] + rng.random(len(ok)) * 0.99
            pick = ok[np.argsort(key)[: cfg.assigned]]
            raters[s].update(pick.tolist())
            load[pick] += 1
        popularity = rng.lognormal(0, 2.0, len(segs))
        for h in hh:  # a few voluntary ratings, mostly of popular (roadside) segments
            for _ in range(rng.poisson(cfg.voluntary)):
                ok = np.array([(w.seg_custodian[s] != h) and (h not in raters[s]) and len(raters[s]) < cfg.max_raters
                               for s in segs])
                if not ok.any():
                    break
                p = popularity * ok
                s = rng.choice(segs, p=p / p.sum())
                raters[s].add(h)
    rows = []
    for s, rs in enumerate(raters):
        for h in rs:
            rows.append((h, s, False))
    favour_rows = []
    fav_set = set()
    for a, b in edges:
        bs = np.flatnonzero(w.seg_custodian == b)
        s = int(bs[np.argmin(truth[bs])])  # the favour goes where it pays: the worst segment
        fav_set.add((a, s))
    rows = [(h, s, (h, s) in fav_set) for h, s, _ in rows]
    have = {(h, s) for h, s, _ in rows}
    rows += [(a, s, True) for a, s in fav_set if (a, s) not in have]
    df = pd.DataFrame(rows, columns=["rater_id", "segment_id", "favour"])
    h, s = df.rater_id.to_numpy(), df.segment_id.to_numpy()
    latent = truth[s] + w.leniency[h] + rng.normal(0, 1, len(df)) * w.sd[h]
    fav = df.favour.to_numpy()
    # a favour: about two points above what the rater would honestly give, and at least a 4
    fav_latent = np.clip(truth[s] + w.leniency[h] + cfg.inflation + rng.normal(0, 0.4, len(df)), 3.75, 5.2)
    latent = np.where(fav, fav_latent, latent)
    # whatever the widget, a favour is recorded as 4 or more (the text: "so 4s and 5s")
    recorded = record(latent, cfg.widget, rng)
    df["score"] = np.where(fav, np.maximum(recorded, 4.0), recorded)
    df["custodian_id"] = w.seg_custodian[s]
    df["village_id"] = w.seg_village[s]
    df["truth"] = truth[s]
    return df


def simulate(cfg: Config, seed: int, history_rounds: int = 3):
    SHAPE["v"] = cfg.truth_shape
    rng = np.random.default_rng(seed)
    w = make_world(cfg, rng)
    # earlier rounds: upkeep drifts; the same households collude sometimes
    z_now = w.seg_z.copy()
    zs = [z_now]
    for _ in range(history_rounds):
        zs.append(zs[-1] + rng.normal(0, cfg.upkeep_drift, len(z_now)))
    zs = zs[::-1]  # earliest first, the current round last
    w.seg_z = zs[-1]
    choose_colluders(w, rng)
    edges = favour_edges(w)
    history = []
    for r in range(history_rounds):
        w_r = replace(w, seg_z=zs[r])
        keep = []
        for a, b in w.pairs:
            if rng.random() < cfg.history_collude_p:
                keep += [(a, b), (b, a)]
        for ring in w.rings:
            if rng.random() < cfg.history_collude_p:
                keep += ring_edges(ring, cfg.clique)
        df = one_round(w_r, rng, keep)
        df["round_id"] = r + 1
        history.append(df)
    current = one_round(w, rng, edges)
    return w, current, (pd.concat(history, ignore_index=True) if history else None)


def oracle(w: World, df: pd.DataFrame) -> pd.Series:
    honest = df[~df.favour]
    h = honest.rater_id.to_numpy()
    wt = 1 / w.sd[h] ** 2
    x = honest.score.to_numpy() - w.leniency[h]
    num = pd.Series(wt * x).groupby(honest.segment_id.to_numpy()).sum()
    den = pd.Series(wt).groupby(honest.segment_id.to_numpy()).sum()
    est = (num / den).reindex(sorted(df.segment_id.unique()))
    plain = df.groupby("segment_id").score.mean()
    return est.fillna(plain).clip(1, 5)


def to_input(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    cols = ["rater_id", "segment_id", "custodian_id", "score"] + (["village_id"] if cfg.pass_village else [])
    if "round_id" in df.columns:
        cols.append("round_id")
    return df[cols].copy()


def rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def collusion_figures(w: World, flags: pd.DataFrame) -> dict:
    rec = flags[flags.reason == "reciprocal"]
    ring = flags[flags.reason == "ring"]
    rec_pairs = {(min(a, b), max(a, b)) for a, b in zip(rec.rater_a, rec.rater_b)}
    found = sum(p in rec_pairs for p in w.pairs)
    ring_hh = set(ring.rater_a) | set(ring.rater_b)
    members = [m for r in w.rings for m in r]
    ring_found = sum(m in ring_hh for m in members)
    ring_any = sum(m in (ring_hh | set(rec.rater_a) | set(rec.rater_b)) for m in members)
    flagged = set(rec.rater_a) | set(rec.rater_b) | ring_hh
    colluders = {x for p in w.pairs for x in p} | set(members)
    tp = len(flagged & colluders)
    return dict(pairs=len(w.pairs), pairs_found=found, ring_found=ring_found, ring_any=ring_any, ring_size=len(members),
                flagged_hh=len(flagged), precision=(tp / len(flagged)) if flagged else np.nan,
                uniform=int((flags.reason == "uniform").sum()),
                recall_all=(found * 2 + ring_found) / (2 * len(w.pairs) + len(members)))


def run_seed(cfg: Config, seed: int, with_history: bool, detail: bool) -> dict:
    w, cur, hist = simulate(cfg, seed)
    truth = cur.groupby("segment_id").truth.first()
    plain = cur.groupby("segment_id").score.mean()
    orc = oracle(w, cur)
    t0 = time.time()
    res = evaluate(to_input(cur, cfg))
    t1 = time.time() - t0
    sc = res.scores.reindex(truth.index)
    r_plain, r_ours, r_orc = rmse(plain, truth), rmse(sc.score, truth), rmse(orc, truth)
    cover = float(((sc.ci_low <= truth) & (truth <= sc.ci_high)).mean())
    out = dict(seed=seed, segs=len(truth), ratings=len(cur), households=len(w.hh_village),
               plain=r_plain, ours=r_ours, gain=1 - r_ours / r_plain, oracle=r_orc,
               oracle_gain=1 - r_orc / r_plain, cover=cover, secs=t1,
               **collusion_figures(w, res.flags))
    if with_history:
        t0 = time.time()
        resh = evaluate(to_input(cur, cfg), to_input(hist, cfg))
        sch = resh.scores.reindex(truth.index)
        out.update(ours_h=rmse(sch.score, truth), gain_h=1 - rmse(sch.score, truth) / r_plain,
                   cover_h=float(((sch.ci_low <= truth) & (truth <= sch.ci_high)).mean()),
                   secs_h=time.time() - t0)
        ch = collusion_figures(w, resh.flags)
        out.update(pairs_found_h=ch["pairs_found"], ring_found_h=ch["ring_found"], ring_any_h=ch["ring_any"],
                   precision_h=ch["precision"], uniform_h=ch["uniform"], flagged_h=ch["flagged_hh"])
    if detail:
        out["detail"] = segment_detail(w, cur, sc, truth, plain, orc)
    return out


def segment_detail(w, cur, sc, truth, plain, orc) -> pd.DataFrame:
    g = cur.groupby("segment_id")
    d = pd.DataFrame({"truth": truth, "ours": sc.score, "lo": sc.ci_low, "hi": sc.ci_high,
                      "plain": plain, "oracle": orc, "n": g.size(),
                      "favoured": g.favour.any(),
                      "n_erratic": g.rater_id.apply(lambda r: int(w.erratic[r.to_numpy()].sum()))})
    d["miss"] = ~((d.lo <= d.truth) & (d.truth <= d.hi))
    d["err"] = d.ours - d.truth
    return d


VARIANTS = {
    "base": Config(),
    "whole": Config(name="whole", widget="whole"),
    "mean3": Config(name="mean3", widget="mean3"),
    "small_erratic35": Config(name="small_erratic35", households=(20, 25), villages=(12, 15), erratic_share=0.35),
    "big_erratic25": Config(name="big_erratic25", households=(35, 40), villages=(8, 10), erratic_share=0.25),
    "novillage": Config(name="novillage", pass_village=False),
    "sparse3": Config(name="sparse3", seg_per_hh=((1, 1.0),), voluntary=0.3),
    "clique": Config(name="clique", clique=True),
    "clipnormal": Config(name="clipnormal", truth_shape="clip"),
    "erratic35": Config(name="erratic35", erratic_share=0.35),
    "erratic25": Config(name="erratic25", erratic_share=0.25),
    "small": Config(name="small", households=(20, 25), villages=(12, 15)),
    "whole_sparse3": Config(name="whole_sparse3", widget="whole", seg_per_hh=((1, 1.0),), voluntary=0.3),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="base")
    ap.add_argument("--seeds", default="1-10")
    ap.add_argument("--no-history", action="store_true")
    ap.add_argument("--detail", action="store_true")
    ap.add_argument("--save", default="")
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.seeds.split("-"))
    allrows = []
    for name in a.variants.split(","):
        cfg = VARIANTS[name]
        rows, details = [], []
        for seed in range(lo, hi + 1):
            r = run_seed(cfg, seed, not a.no_history, a.detail)
            if "detail" in r:
                details.append(r.pop("detail").assign(seed=seed))
            rows.append(r)
            print(name, {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}, flush=True)
        t = pd.DataFrame(rows)
        t.insert(0, "variant", name)
        allrows.append(t)
        show(t)
        if details:
            dd = pd.concat(details)
            analyse(dd)
            if a.save:
                dd.to_csv(a.save.replace(".csv", f"_{name}_segments.csv"))
    if a.save:
        pd.concat(allrows).to_csv(a.save, index=False)


def show(t: pd.DataFrame) -> None:
    cols = ["seed", "segs", "ratings", "plain", "ours", "gain", "oracle", "oracle_gain", "cover",
            "pairs", "pairs_found", "ring_found", "flagged_hh", "precision", "uniform"]
    hcols = [c for c in ["gain_h", "cover_h", "pairs_found_h", "ring_found_h", "precision_h", "uniform_h"] if c in t]
    s = t[cols + hcols].copy()
    s = s.astype(float)
    mean = s.mean()
    mean["seed"] = np.nan
    s.loc["mean"] = mean
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(f"\n== {t.variant.iloc[0]} ==")
        print(s.round(3).to_string())
        pr = t.pairs_found.sum() / t.pairs.sum()
        # A ring whose households all rate each other (clique) is as many reciprocal pairs: its
        # members are found on any flag, as `ring` rows or as pairs.
        print(f"pair recall {pr:.3f}  ring members found {t.ring_found.sum()}/{t.ring_size.sum()} "
              f"(on any flag {t.ring_any.sum()})  "
              f"precision(pooled) {np.nansum(t.precision * t.flagged_hh) / t.flagged_hh.sum():.3f}")
        if "pairs_found_h" in t:
            print(f"with history: pair recall {t.pairs_found_h.sum() / t.pairs.sum():.3f}  "
                  f"ring {t.ring_found_h.sum()}/{t.ring_size.sum()} (on any flag {t.ring_any_h.sum()})  "
                  f"precision(pooled) {np.nansum(t.precision_h * t.flagged_h) / t.flagged_h.sum():.3f}")


def analyse(d: pd.DataFrame) -> None:
    def summ(g):
        return pd.Series({"segs": len(g), "rmse_ours": rmse(g.ours, g.truth), "rmse_plain": rmse(g.plain, g.truth),
                          "rmse_oracle": rmse(g.oracle, g.truth), "bias": g.err.mean(),
                          "cover": 1 - g.miss.mean(), "width": (g.hi - g.lo).mean(),
                          "sq_err_share": (g.err ** 2).sum()})
    tot = (d.err ** 2).sum()
    for key, by in [("n raters", d.n.clip(upper=7)),
                    ("truth band", pd.cut(d.truth, [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])),
                    ("our score band", pd.cut(d.ours, [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5], include_lowest=True)),
                    ("favoured", d.favoured),
                    ("erratic raters", d.n_erratic.clip(upper=4))]:
        s = d.groupby(by, observed=True).apply(summ, include_groups=False)
        s["sq_err_share"] /= tot
        print(f"\n-- by {key} --")
        print(s.round(3).to_string())


if __name__ == "__main__":
    main()
