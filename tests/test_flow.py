"""Live and dead water in the basin: the service on both databases, `watershed flow` on the demo."""

import json
from datetime import date

import pytest
import shapely
from sqlalchemy import select

from tests.factories import STAFF, run_cli, write_geojson
from watershed.errors import NotFound
from watershed.services.campaign import flow
from watershed.services.campaign.flow import water
from watershed.services.geometry.imports import import_layer
from watershed.services.campaign.ponds import update_pond
from watershed.store.database import open_database
from watershed.store.tables import Segment

# Across the branch's second segment, about 300 m below where it leaves the main canal.
ON_BRANCH = {"type": "Polygon", "coordinates": [[[112.0755, 30.3675], [112.0765, 30.3675],
                                                 [112.0765, 30.3665], [112.0755, 30.3665],
                                                 [112.0755, 30.3675]]]}


@pytest.fixture
def fed(basin, tmp_path):
    """The tiny basin with a source at the head of the main canal and a pond on the branch."""
    import_layer(basin, STAFF, "sources", write_geojson(tmp_path / "sources.geojson", [
        ({"code": "S1", "name": "进水闸"}, {"type": "Point", "coordinates": [112.070, 30.370]})]))
    import_layer(basin, STAFF, "ponds", write_geojson(tmp_path / "branch_pond.geojson", [
        ({"code": "YT-02", "name": "二号塘"}, ON_BRANCH)]))
    return basin


def test_a_pond_on_the_branch_kills_the_branch_below_it_and_clearing_it_brings_it_back(fed):
    now = water(fed)
    main = {c: v for c, v in now.segments.items() if not c.startswith("ZQ-Z01")}
    branch = [v for c, v in sorted(now.segments.items()) if c.startswith("ZQ-Z01")]
    assert set(main.values()) == {"live"} and branch[0] == "live" and set(branch[1:]) == {"dead"}
    # YT-01 (tests/factories.py) lies beside the main canal, touching nothing: it blocks nothing.
    assert now.blocking_ponds == ("YT-02",) and now.dead_km > 0
    what_if = water(fed, ["YT-02"])
    assert set(what_if.segments.values()) == {"live"} and what_if.dead_km == 0
    assert what_if.live_km == pytest.approx(now.live_km + now.dead_km)
    assert water(fed).segments == now.segments  # asking changed nothing
    update_pond(fed, STAFF, "YT-02", status="negotiating")
    assert water(fed).segments == now.segments  # negotiating still blocks
    update_pond(fed, STAFF, "YT-02", status="cleared", agreement_date=date(2026, 6, 1))
    assert set(water(fed).segments.values()) == {"live"}
    with pytest.raises(NotFound):
        water(fed, ["YT-99"])


def test_the_network_is_built_once_for_a_geometry_and_again_when_a_line_is_redrawn(fed, monkeypatch):
    """Live water keeps the network it built for the segments' stored lines (flow._network): a
    pond's new status reuses it, a line drawn anew (here the branch's first segment turned against
    the flow) builds it again. (Kept by content, so another test's basin of the same lines shares
    it: the test starts with none kept.)"""
    monkeypatch.setattr(flow, "_NETWORKS", {})
    now = water(fed)
    kept = set(flow._NETWORKS)
    update_pond(fed, STAFF, "YT-02", status="negotiating")
    assert water(fed).segments == now.segments and set(flow._NETWORKS) == kept
    with fed.write() as session:
        first = session.scalars(select(Segment).where(Segment.code.startswith("ZQ-Z01"))
                                .order_by(Segment.code)).first()
        first.geom = shapely.reverse(first.geom)
    turned = water(fed)
    assert set(flow._NETWORKS) - kept
    assert now.segments[first.code] == "live" and turned.segments[first.code] == "dead"


def test_without_a_source_nothing_is_live(basin):
    assert set(water(basin).segments.values()) == {"dead"}


def test_on_the_demo_the_ponds_still_blocking_kill_gangzhongqu_below_them_and_clearing_them_revives_it(
        demo_sqlite_url, capsys):
    blocking = water(open_database(demo_sqlite_url)).blocking_ponds
    assert len(blocking) == 5  # the demo campaign has cleared four of the nine
    status, out, _ = run_cli(capsys, demo_sqlite_url, "flow", "--json")
    now = json.loads(out)
    assert status == 0 and set(now) == {"live_km", "dead_km", "segments", "causes"}
    gzq = [v for c, v in sorted(now["segments"].items()) if c.startswith("GZQ-0")]
    assert gzq[0] == "live" and gzq[-1] == "dead"  # above and below the ponds still there
    # Every dead segment is dead for a pond of the demo's, named.
    assert set(now["causes"]) == {c for c, v in now["segments"].items() if v == "dead"}
    assert {cause.partition(":")[2] for cause in now["causes"].values()} <= set(blocking)
    assert now["dead_km"] > 40 and now["live_km"] + now["dead_km"] == pytest.approx(153.354, abs=0.01)
    status, out, _ = run_cli(capsys, demo_sqlite_url, "flow", "--json", "--remove-pond", *blocking)
    cleared = json.loads(out)
    assert status == 0 and cleared["dead_km"] == 0 and set(cleared["segments"].values()) == {"live"}
    assert cleared["causes"] == {}
    everything = [f"YT-{n:02d}" for n in range(1, 10)]
    status, out, _ = run_cli(capsys, demo_sqlite_url, "flow", "--json", "--remove-pond", *everything)
    assert json.loads(out) == cleared  # clearing all 9 makes every segment live
    status, out, _ = run_cli(capsys, demo_sqlite_url, "flow")
    assert status == 0 and "5" in out and str(now["dead_km"]) in out
    status, _, err = run_cli(capsys, demo_sqlite_url, "flow", "--remove-pond", "YT-99")
    assert status == 2 and "YT-99" in err
