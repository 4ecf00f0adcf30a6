"""What colour each thing on the map is, and the legend entries that say so: pure data, no folium.

A State is one legend entry (a catalogue key and a colour); the tuples of States are the legends
of the map's colourings (custody, freshness, peer score, water, dredging, problem stage). The
*_colour functions are the `colour_of` that watershed.maps.layers.segments_layer and ponds_layer
take: a row in, its colour out.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from watershed.domain.dredging import STATUSES as DREDGING_STATUSES
from watershed.domain.freshness import FRESHNESS_DAYS
from watershed.domain.ponds import POND
from watershed.palette import (AMBER, BLUE, DARK_GREEN, DREDGING, GREEN, GREY, ORANGE, PALE,
                               PROBLEM, RED, VIOLET)

@dataclass(frozen=True)
class State:
    """One colour of the map's legend: `key` is the catalogue key of its label."""

    key: str
    colour: str
    max_days: int | None = None  # freshness bins: the last day the bin covers (None: older, never)
    min_score: float | None = None  # peer-score bins: the lowest score in the bin (None: unscored)


CUSTODY_STATES = (State("map.state.kept", GREEN), State("map.state.open", RED))
FRESHNESS_BINS = (
    State("map.fresh.week", GREEN, FRESHNESS_DAYS[0]),
    State("map.fresh.fortnight", AMBER, FRESHNESS_DAYS[1]),
    State("map.fresh.month", ORANGE, FRESHNESS_DAYS[2]),
    State("map.fresh.stale", RED, None),
)


# Peer scores (1-5) of the latest closed round, in the bands a board is read in.
PEER_BINS = (
    State("map.peer.excellent", DARK_GREEN, min_score=4.5),
    State("map.peer.good", GREEN, min_score=4.0),
    State("map.peer.fair", AMBER, min_score=3.0),
    State("map.peer.poor", ORANGE, min_score=2.0),
    State("map.peer.bad", RED, min_score=1.0),
    State("map.peer.none", GREY),
)


# Live and dead water; "revived" is what a what-if would bring to life.
WATER_LIVE = State("map.water.live", BLUE)
WATER_REVIVED = State("map.water.revived", GREEN)
# Dead water by its cause (watershed.domain.network.flow.dead_causes; "pond:<code>" is "pond").
WATER_DEAD = {"pond": State("map.water.dead", RED),
              "reversed": State("map.water.dead_reversed", VIOLET),
              "gap": State("map.water.dead_gap", ORANGE),
              "no_source": State("map.water.dead_no_source", GREY)}


# The dredging status of each segment in the current campaign (watershed.domain.dredging); a
# segment the campaign does not cover is drawn pale, so "not started" means work still to do.
DREDGING_COLOURS = {status: DREDGING[status] for status in DREDGING_STATUSES}
DREDGING_STATES = tuple(State(f"map.dredging.{status}", colour)
                        for status, colour in DREDGING_COLOURS.items())
DREDGING_OUTSIDE = State("map.dredging.outside", PALE)


def dredging_colour(statuses: Mapping[int, str]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by dredging status, from segment id -> status."""
    return lambda row: DREDGING_COLOURS.get(statuses.get(row.id), DREDGING_OUTSIDE.colour)


def _cause(cause: str | None) -> str:
    return (cause or "pond").split(":")[0]


def water_colour(live_now: Collection[int], live_after: Collection[int] | None = None,
                 causes: Mapping[str, str] | None = None) -> Callable[[object], str]:
    """A colour_of for segments_layer: live blue, dead by its cause (`causes`: segment code ->
    cause); with `live_after` (the live segments if some ponds were cleared) the ones that would
    come alive green."""
    causes = causes or {}

    def colour(row) -> str:
        if row.id in live_now:
            return BLUE
        if live_after is not None and row.id in live_after:
            return GREEN
        return WATER_DEAD[_cause(causes.get(row.code))].colour
    return colour


def water_states(causes: Mapping[str, str], what_if: bool = False) -> tuple[State, ...]:
    """The legend: live, (would come alive,) and dead by each cause there is (by ponds if none)."""
    present = {_cause(cause) for cause in causes.values()} or {"pond"}
    return (WATER_LIVE, *((WATER_REVIVED,) if what_if else ()),
            *(state for kind, state in WATER_DEAD.items() if kind in present))


def peer_bin(score: float | None) -> State:
    """The band of a segment's peer score (None: too few ratings, or not in the round)."""
    if score is not None:
        for state in PEER_BINS:
            if state.min_score is not None and score >= state.min_score:
                return state
    return PEER_BINS[-1]


def peer_colour(scores_by_segment: Mapping[int, float | None]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by peer score, from segment id -> score."""
    return lambda row: peer_bin(scores_by_segment.get(row.id)).colour


def custody_colour(row) -> str:
    """Kept (a current primary custodian) green, open red."""
    return GREEN if row.kept else RED


def freshness_bin(days: int | None) -> State:
    """The bin of a segment last checked `days` ago (None: never checked)."""
    if days is not None:
        for state in FRESHNESS_BINS:
            if state.max_days is not None and days <= state.max_days:
                return state
    return FRESHNESS_BINS[-1]


def freshness_colour(days_by_segment: Mapping[int, int | None]) -> Callable[[object], str]:
    """A colour_of for segments_layer: by days since the last check, from segment id -> days."""
    return lambda row: freshness_bin(days_by_segment.get(row.id)).colour


# Problems by stage (watershed.domain.problems.STAGES), as dots on the map.
PROBLEM_STATES = tuple(State(f"problem.stage.{stage}", colour) for stage, colour in PROBLEM.items())


# Ponds: occupying ones brown, any other (cleared) blue. A reservoir, lake or river surface is
# pale blue whatever status it was stored with: it never blocks.
POND_COLOURS = {"occupying": "#8c510a"}
POND_OTHER = "#2b83ba"
OTHER_WATER = "#a6cee3"


def pond_colour(row) -> str:
    if getattr(row, "kind", POND) != POND:  # rows drawn before kinds existed are ponds
        return OTHER_WATER
    return POND_COLOURS.get(row.status, POND_OTHER)

