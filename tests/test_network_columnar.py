"""The network built from lines as arrays (graph_from_lines), and the walks reading its edges
from the arrays flow_graph keeps, give what the reach by reach build and networkx's own edges
give: the same junctions and edges, the same live water, the same causes of dead water."""

import networkx
import numpy as np
import pytest
from hypothesis import given, settings

from shapely import LineString

from tests.test_network import ORIGIN, networks
from watershed.domain.geodesy import lonlat_from_local
from watershed.domain.network.flow import (dead_causes, flow_graph, graph_from_lines,
                                           live_reaches, reaches_from_lines)


def as_lines(reaches):
    """Each reach as a lon/lat line with a bend in its middle, drawn downstream."""
    lines = []
    for r in reaches:
        (x0, y0), (x1, y1) = r.start, r.end
        xs, ys = lonlat_from_local(np.array([x0, (x0 + x1) / 2 + 3.0, x1]),
                                   np.array([y0, (y0 + y1) / 2, y1]), *ORIGIN)
        lines.append(LineString(list(zip(xs.tolist(), ys.tolist()))))
    return lines


def by_networkx(graph):
    """The same graph without the kept arrays: the walks read its edges through networkx."""
    plain = graph.copy()
    del plain.graph["edges"]
    return plain


def edges(graph):
    return sorted(graph.edges(keys=True, data="reach"))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_built_from_arrays_the_network_and_its_water_are_the_same(network):
    reaches, sources, blocked, _, _ = network
    ids, lines = [r.id for r in reaches], as_lines(reaches)
    graph = graph_from_lines(ids, lines, ORIGIN)
    each = flow_graph(reaches_from_lines(ids, lines, ORIGIN))
    assert edges(graph) == edges(each) and list(graph.nodes) == list(each.nodes)
    assert np.array_equal(graph.graph["xy"], each.graph["xy"])
    plain = by_networkx(graph)
    live = live_reaches(graph, sources, blocked)
    assert live == live_reaches(plain, sources, blocked)
    without = live_reaches(graph, sources, ())
    ponds = {reach: f"YT-{reach % 3}" for reach in blocked}
    suspects = {r.id: "gap" for r in reaches[::5] if r.id not in blocked}
    assert (dead_causes(graph, live, without, ponds, suspects)
            == dead_causes(plain, live, without, ponds, suspects))


def test_the_lines_are_checked_as_reaches_from_lines_checks_them():
    line = LineString([(112.0, 30.0), (112.001, 30.0)])
    with pytest.raises(ValueError, match="ids"):
        graph_from_lines([1, 2], [line], ORIGIN)
    with pytest.raises(ValueError, match="unique"):
        graph_from_lines([1, 1], [line, line], ORIGIN)
    assert graph_from_lines([], [], ORIGIN).number_of_nodes() == 0
    assert isinstance(graph_from_lines([7], [line], ORIGIN), networkx.MultiDiGraph)
