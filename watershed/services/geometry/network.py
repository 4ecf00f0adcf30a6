"""The network check (`watershed network check`, and the geometry page before the cut is saved):
what in the stored channels would keep water from where it should go — lines drawn against the
flow, ends that miss the line they should join, crossings, stretches no source reaches, stubs,
duplicates, rings — each named by channel and by the custody segments it touches. The fixes are
in network_fixes.

The check reads; it changes nothing. The rules are watershed.domain.network's.
"""

from dataclasses import asdict, dataclass

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase, text
from watershed.domain.geodesy import local_metres, lonlat_from_local
from watershed.domain.network import check as rules
from watershed.domain.network.flow import JOIN_M
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.numbers import amount
from watershed.services.common.transaction import reads
from watershed.store.tables import Channel, Segment, Source

ROLES = ("staff", "leader")
# The keys of the JSON report, in the order the office should look at them.
KEYS = ("reversed", "near_misses", "crossings", "unreached", "dangles", "short", "overlaps",
        "rings")


@dataclass(frozen=True)
class NetworkReport:
    channels: int
    km: float
    sources: int
    snap_m: float
    near_m: float
    findings: dict[str, list[dict]]  # KEYS -> the findings, each naming channels and segments
    names: dict[str, str]  # channel code -> its name, for the sentences

    def counts(self) -> dict[str, int]:
        return {key: len(items) for key, items in self.findings.items()}

    def to_list(self) -> dict[str, list[dict]]:
        """The findings worth reading one by one. Every head and outlet dangles, and with no
        source everything is unreached: those are counted, and listed only in the JSON."""
        return {key: items for key, items in self.findings.items()
                if items and key != "dangles" and (key != "unreached" or self.sources)}

    def all_clear(self) -> bool:
        return bool(self.sources) and not self.to_list()


class _Segments:
    """The custody segments in service of each channel, by the share of its length they cover."""

    def __init__(self, rows):
        self._by_channel: dict[str, list[tuple[float, float, str]]] = {}
        for channel, code, start_m, end_m, length in rows:
            whole = length or 1.0
            self._by_channel.setdefault(channel, []).append((start_m / whole, end_m / whole, code))

    def between(self, channel: str, start: float, end: float) -> list[str]:
        """Codes of the segments overlapping the share start..end (a point when start == end)."""
        rows = self._by_channel.get(channel, [])
        if start == end:
            return [code for low, high, code in rows if low <= start <= high]
        return [code for low, high, code in rows if low < end and high > start]

    def at(self, channel: str, share: float) -> list[str]:
        return self.between(channel, share, share)[:1]


def _share_along(line: shapely.LineString, x: float, y: float) -> float:
    return float(line.project(shapely.Point(x, y), normalized=True)) if line.length else 0.0


def labelled(code: str, name: str | None) -> str:
    """How a sentence names a channel or a pond: its code, and its name when it has one."""
    return f"{code}（{name}）" if name else code


class StoredNetwork:
    """The stored channels and sources in a local frame of metres, as the network rules take
    them."""

    def __init__(self, session: Session):
        rows = session.execute(select(Channel.code, Channel.geom, Channel.length_m, Channel.name)
                               .order_by(Channel.code)).all()
        self.codes = [code for code, _, _, _ in rows]
        self.names = {code: name for code, _, _, name in rows}
        self.km = round(sum(length for _, _, length, _ in rows) / 1000, 3)
        lines = np.array([geom for _, geom, _, _ in rows], dtype=object)
        coords = shapely.get_coordinates(lines) if len(lines) else np.empty((0, 2))
        self.origin = (float(coords[:, 0].mean()), float(coords[:, 1].mean())) if len(coords) \
            else (0.0, 0.0)
        self.lines = list(shapely.transform(lines, self.to_local))
        points = shapely.get_coordinates(list(session.scalars(select(Source.geom))))
        self.sources = [tuple(xy) for xy in self.to_local(points).tolist()]

    def to_local(self, lonlat: np.ndarray) -> np.ndarray:
        """(n, 2) lon/lat -> (n, 2) metres east and north of the origin."""
        return np.column_stack(local_metres(lonlat[:, 0], lonlat[:, 1], *self.origin))

    def lonlat(self, x: float, y: float) -> dict:
        lon, lat = lonlat_from_local(x, y, *self.origin)
        return {"lon": round(float(lon), 7), "lat": round(float(lat), 7)}


@reads
def check_network(session: Session, actor: Actor, snap_m=JOIN_M,
                  near_m=rules.NEAR_M) -> NetworkReport:
    """The check of the stored channels and sources, with their segments named."""
    require_role(actor, *ROLES, action="action.network_check")
    snap = amount(snap_m, "field.snap_metres", rules.SNAP_METRES)
    near = amount(near_m, "field.near_metres", rules.NEAR_METRES)
    drawn = StoredNetwork(session)
    segments = _Segments(session.execute(
        select(Channel.code, Segment.code, Segment.start_m, Segment.end_m, Channel.length_m)
        .join(Channel, Segment.channel_id == Channel.id)
        .where(Segment.retired_at.is_(None)).order_by(Segment.channel_id, Segment.seq)).all())
    check = rules.check_network(drawn.codes, drawn.lines, drawn.sources, snap_m=snap,
                                near_m=max(near, snap))
    return NetworkReport(
        channels=len(drawn.codes), km=drawn.km, sources=len(drawn.sources), snap_m=snap,
        near_m=near, findings=_named(check, dict(zip(drawn.codes, drawn.lines)), segments,
                                     drawn.lonlat),
        names=drawn.names)


def near_misses(session: Session) -> tuple[tuple[rules.NearMiss, ...], dict[str, str]]:
    """Ends of the stored channels that miss another channel by more than the join tolerance
    and at most rules.NEAR_M (what `watershed network check` lists at its defaults), and the
    channels' names by code. No role is checked: the import that calls it has checked its own."""
    drawn = StoredNetwork(session)
    return rules.check_network(drawn.codes, drawn.lines, drawn.sources).near_misses, drawn.names


def suspects(session: Session) -> dict[str, str]:
    """Channel code -> "reversed" (drawn against the flow, by the check) or "gap" (an end that
    misses the line it should join: the channel whose water cannot get in): what the live-water
    map names as the cause of dead water that no pond explains."""
    drawn = StoredNetwork(session)
    check = rules.check_network(drawn.codes, drawn.lines, drawn.sources)
    found = {item.other if item.end == "end" else item.channel: "gap"
             for item in check.near_misses}
    found.update({item.channel: "reversed" for item in check.reversed})
    return found


def _named(check: rules.NetworkCheck, line_of, segments: _Segments,
           lonlat) -> dict[str, list[dict]]:
    """Every finding as a plain dict, with the segments it touches (and lon/lat where it is a
    point, to find it in a GIS)."""
    def end_share(end: str) -> float:
        return 0.0 if end == "start" else 1.0

    def everything(channel: str) -> list[str]:
        return segments.between(channel, 0.0, 1.0)

    findings: dict[str, list[dict]] = {key: [] for key in KEYS}
    for item in check.reversed:
        findings["reversed"].append({**asdict(item), "segments": everything(item.channel)})
    for item in check.near_misses:
        findings["near_misses"].append(
            {**asdict(item), "segments": segments.at(item.channel, end_share(item.end))})
    for item in check.crossings:
        findings["crossings"].append(
            {"channels": list(item.channels), **lonlat(item.x, item.y),
             "segments": [code for channel in item.channels
                          for code in segments.at(channel, _share_along(line_of[channel],
                                                                        item.x, item.y))]})
    for item in check.unreached:
        findings["unreached"].append(
            {**asdict(item), "segments": segments.between(item.channel, item.start, item.end)})
    for item in check.dangles:
        findings["dangles"].append(
            {"channel": item.channel, "end": item.end, **lonlat(item.x, item.y),
             "segments": segments.at(item.channel, end_share(item.end))})
    for item in check.short:
        findings["short"].append({**asdict(item), "segments": everything(item.channel)})
    for item in check.overlaps:
        findings["overlaps"].append({"channels": list(item.channels), "length_m": item.length_m,
                                     "segments": [code for channel in item.channels
                                                  for code in everything(channel)]})
    for item in check.rings:
        findings["rings"].append({"channels": list(item.channels),
                                  "segments": [code for channel in item.channels
                                               for code in everything(channel)]})
    return findings


# The catalogue sentence of each kind of finding (a reversed line says why in `why`).
_SENTENCE = {"near_misses": "network.item.near_miss", "crossings": "network.item.crossing",
             "unreached": "network.item.unreached", "dangles": "network.item.dangle",
             "short": "network.item.short", "overlaps": "network.item.overlap",
             "rings": "network.item.ring"}


def describe(report: NetworkReport, key: str, item: dict, lang: str | None = None) -> str:
    """One finding as a sentence for the office."""
    sentence = f"network.item.{item['why']}" if key == "reversed" else _SENTENCE[key]
    def label(code: str) -> str:
        return labelled(code, report.names.get(code))

    params = {**item, "code": item.get("channel")}
    params["segments"] = _segment_list(item["segments"], lang)
    for one in ("channel", "other"):
        if item.get(one):
            params[one] = label(item[one])
    if "channels" in item:
        params["channels"] = "、".join(label(code) for code in item["channels"])
    if key in ("near_misses", "dangles"):
        params["end"] = text(f"network.end.{item['end']}", lang)
    return text(sentence, lang, snap=report.snap_m, **params)


def _segment_list(codes: list[str], lang: str | None, shown: int = 5) -> str:
    """The segments a finding touches, in a sentence: a long run by its first and last."""
    if not codes:
        return text("network.none", lang)
    if len(codes) <= shown:
        return "、".join(codes)
    return text("network.segment_run", lang, first=codes[0], last=codes[-1], count=len(codes))


def summary(report: NetworkReport, lang: str | None = None) -> list[str]:
    """The check in two lines: what was checked, then how many of each finding."""
    counts = report.counts()
    return [text("network.summary", lang, channels=report.channels, km=report.km,
                 sources=report.sources, snap=report.snap_m),
            " · ".join(text("network.count", lang, kind=Phrase(f"network.kind.{key}"),
                            count=counts[key]) for key in KEYS)]
