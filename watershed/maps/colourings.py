"""What colour each thing on the map is, and the legend entries that say so: pure data, no folium.

A State is one legend entry (a catalogue key, a colour and the shape of its swatch); the tuples
of States are the legends of the map's colourings (custody, freshness, peer score, water,
dredging), of the ponds by status, of the water sources and of the problems by stage. The
*_colour functions are the `colour_of` that watershed.maps.layers.segments_layer and ponds_layer
take: a row in, its colour out.

The problems are marks over every colouring, so their colours are none of the colourings' (a
test holds them apart, COLOURING_COLOURS): magenta and pink triangles while the office has not
passed them on, cyan and navy diamonds while someone works on them, black and white squares once
done; each with an outline, so a mark stands out on a line of any colour.
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from watershed.domain.dredging import STATUSES as DREDGING_STATUSES
from watershed.domain.freshness import FRESHNESS_DAYS
from watershed.domain.ponds import POND
from watershed.domain.problems import STAGES
from watershed.palette import (AMBER, BLUE, DARK_GREEN, DREDGING, GREEN, GREY, ORANGE, PALE, RED,
                               VIOLET)


@dataclass(frozen=True)
class State:
    """One colour of the map's legend: `key` is the catalogue key of its label; `shape` is what
    its swatch looks like (watershed.maps.legend: line, area, circle, triangle, diamond, square),
    `outline` the colour of a mark's edge."""

    key: str
    colour: str
    max_days: int | None = None  # freshness bins: the last day the bin covers (None: older, never)
    min_score: float | None = None  # peer-score bins: the lowest score in the bin (None: unscored)
    shape: str = "line"
    outline: str | None = None


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


# Problems by stage (watershed.domain.problems.STAGES), as marks over the segments: a shape and a
# fill per stage, a white edge (a black one round the white square).
PROBLEM_MARKS = {
    "found": ("triangle", "#e7298a"), "screened": ("triangle", "#f781bf"),
    "assigned": ("diamond", "#00bcd4"), "handled": ("diamond", "#08306b"),
    "supervised": ("square", "#000000"), "evaluated": ("square", "#ffffff"),
}
PROBLEM_STATES = tuple(
    State(f"problem.stage.{stage}", PROBLEM_MARKS[stage][1], shape=PROBLEM_MARKS[stage][0],
          outline="#000000" if PROBLEM_MARKS[stage][1] == "#ffffff" else "#ffffff")
    for stage in STAGES)
PROBLEM_BY_STAGE = dict(zip(STAGES, PROBLEM_STATES))


def problem_states(stages: Collection[str]) -> tuple[State, ...]:
    """The legend of the problems: the stages among `stages`, in the order of the loop."""
    present = set(stages)
    return tuple(PROBLEM_BY_STAGE[stage] for stage in STAGES if stage in present)


# Ponds by status (watershed.domain.ponds): the two that still block in browns, cleared teal,
# reconnected blue. A reservoir, lake or river surface is pale blue whatever status it was stored
# with: it never blocks.
POND_COLOURS = {"occupying": "#8c510a", "negotiating": "#d8b365", "cleared": "#5ab4ac",
                "reconnected": "#2b83ba"}
POND_STATES = {status: State(f"pond.status.{status}", colour, shape="area")
               for status, colour in POND_COLOURS.items()}
POND_UNKNOWN = State("map.pond.unknown", GREY, shape="area")  # a status no pond should have
OTHER_WATER = "#a6cee3"
OTHER_WATER_STATE = State("map.pond.other_water", OTHER_WATER, shape="area")


def pond_colour(row) -> str:
    return pond_state(row).colour


def pond_state(row) -> State:
    if getattr(row, "kind", POND) != POND:  # rows drawn before kinds existed are ponds
        return OTHER_WATER_STATE
    return POND_STATES.get(row.status, POND_UNKNOWN)


def pond_states(rows: Iterable) -> tuple[State, ...]:
    """The legend of the ponds on the map: each status there is, in the order of the workflow,
    then the other water bodies if there are any."""
    present = {pond_state(row) for row in rows}
    order = (*POND_STATES.values(), POND_UNKNOWN, OTHER_WATER_STATE)
    return tuple(state for state in order if state in present)


# The points where water enters the network: blue like live water, a round mark.
SOURCE = State("map.source", BLUE, shape="circle", outline="#ffffff")


# Every colour a colouring paints segments or ponds with: the problem marks keep clear of them.
COLOURING_COLOURS = frozenset(
    state.colour for state in (*CUSTODY_STATES, *FRESHNESS_BINS, *PEER_BINS, WATER_LIVE,
                               WATER_REVIVED, *WATER_DEAD.values(), *DREDGING_STATES,
                               DREDGING_OUTSIDE, *POND_STATES.values(), POND_UNKNOWN,
                               OTHER_WATER_STATE, SOURCE))
