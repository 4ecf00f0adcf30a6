"""`watershed import` (layers and households), `watershed network check|orient`, `watershed channel
reverse`, `watershed segment` and `watershed export`."""

import json
import sys

from watershed.catalogue import Phrase, text
from watershed.cli.common import command, database, say
from watershed.domain.network.check import NEAR_M
from watershed.domain.network.flow import JOIN_M
from watershed.domain.ponds import KINDS
from watershed.services.common.actors import command_line_actor
from watershed.services.geometry import exporting, imports, network, network_fixes, segmenting

LAYER_KINDS = ("channels", "ponds", "sources", "boundary")
# `watershed import` switches for files as they come (OpenStreetMap extracts, clipped maps).
AS_THEY_COME = {
    "--ignore-codes": "generate codes even though the file has a code field (e.g. an "
                      "OpenStreetMap code tag that is not the channel's code)",
    "--explode": "channels: a channel for each part of a multi-part line whose parts do not "
                 "join, named 'name (1)', 'name (2)'",
    "--merge-by-name": "channels: join pieces of one named channel whose end meets the next "
                       "one's start (within 1 m) into one channel",
}


def cmd_import(args) -> None:
    db = database(args)
    actor = command_line_actor()
    if args.kind == "households":
        report = imports.import_households(db, actor, args.path, encoding=args.encoding,
                                           allow_far=args.allow_far)
        for warning in report.warnings:
            print(text("cli.warning", message=str(warning)), file=sys.stderr)
        say("cli.imported_households", file=args.path, count=report.count)
        if report.encoding is not None:
            say("cli.households_read_as", encoding=report.encoding,
                names="、".join(report.names))
        return
    report = imports.import_layer(db, actor, args.kind, args.path, layer=args.layer, crs=args.crs,
                                  gcj02=args.gcj02, name_field=args.name_field,
                                  ignore_codes=args.ignore_codes, code_prefix=args.code_prefix,
                                  explode=args.explode, merge_by_name=args.merge_by_name,
                                  water_kind=args.water_kind, encoding=args.encoding,
                                  allow_far=args.allow_far)
    for warning in report.warnings:
        print(text("cli.warning", message=str(warning)), file=sys.stderr)
    say("cli.imported", file=args.path, count=report.count, kind=Phrase(f"import.kind.{args.kind}"),
        crs=report.source_crs)
    if report.name_fields:
        say("cli.name_fields", fields=", ".join(report.name_fields))
    if args.explode:
        say("cli.exploded", lines=report.exploded[0], channels=report.exploded[1])
    if args.merge_by_name:
        say("cli.merged", pieces=report.merged[0], channels=report.merged[1])


def cmd_network_check(args) -> None:
    report = network.check_network(database(args), command_line_actor(), snap_m=args.snap_metres,
                                   near_m=args.near_metres)
    if args.json:
        print(json.dumps(report.findings, ensure_ascii=False))
        return
    for line in network.summary(report):
        print(line)
    if not report.sources:
        say("network.no_sources")
    for key, items in report.to_list().items():
        for item in items:
            print("- " + network.describe(report, key, item))
    if report.all_clear():
        say("network.all_clear")
    if report.findings["dangles"]:
        say("network.dangles_hidden", count=len(report.findings["dangles"]))


def cmd_network_orient(args) -> None:
    report = network_fixes.orient_network(database(args), command_line_actor(),
                                          dry_run=args.dry_run, snap_m=args.snap_metres)
    key = "network.oriented" if report.applied else "network.would_orient"
    say(key, count=len(report.flipped), channels="、".join(report.flipped) or text("network.none"),
        before=report.reached_km_before, after=report.reached_km_after)
    for item in report.undecided:
        print("- " + text("network.undecided", channel=item["channel"],
                          why=text(f"network.undecided.{item['why']}"), other=item["other"] or ""))


def cmd_network_join(args) -> None:
    db, actor = database(args), command_line_actor()
    if args.undo:
        report = network_fixes.undo_join(db, actor)
        say("network.unjoined", count=len(report.joined))
        return
    report = network_fixes.join_ends(db, actor, snap_m=args.snap_metres, dry_run=args.dry_run)
    say("network.joined" if report.applied else "network.would_join", count=len(report.joined))
    for item in report.joined:
        print("- " + text("network.join_line", channel=item["channel"], other=item["other"],
                          end=text(f"network.end.{item['end']}"), distance_m=item["distance_m"]))
    for code in report.recut:
        say("network.recut", code=code)


def cmd_channel_reverse(args) -> None:
    network_fixes.reverse_channel(database(args), command_line_actor(), args.code)
    say("network.reversed", code=args.code)


def cmd_segment(args) -> None:
    report = segmenting.segment_channels(database(args), command_line_actor(), target_m=args.length,
                                         channel_code=args.channel, force=args.force)
    say("cli.segmented", channels=len(report.channels_cut), created=report.segments_created,
         retired=report.segments_retired, ended=report.custodies_ended,
         unchanged=report.channels_unchanged)


def cmd_export(args) -> None:
    counts = exporting.export(database(args), args.path, layer=args.layer)
    say("cli.exported", file=args.path, layers=", ".join(f"{k} {v}" for k, v in counts.items()))


def add_commands(commands, common) -> None:
    imp = command(commands, common, "import", cmd_import,
                  "import channels, ponds, sources, the boundary or households")
    imp.add_argument("kind", choices=LAYER_KINDS + ("households",))
    imp.add_argument("path", help="GeoJSON, GeoPackage, zipped Shapefile or KML; CSV/XLSX for households")
    imp.add_argument("--layer", help="layer to read from a GeoPackage or KML with several")
    imp.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:4546 (overrides the file's)")
    imp.add_argument("--gcj02", action="store_true", help="coordinates were digitised on Gaode/AMap (GCJ-02)")
    imp.add_argument("--name-field",
                     help="attribute holding the feature's name (default: the first filled of "
                          "name, name_zh, name:zh, 名称, 河名, 渠名)")
    imp.add_argument("--code-prefix", metavar="PREFIX",
                     help="prefix of generated codes (default C, P, S by kind), numbered on "
                          "from the codes already stored")
    for flag, explained in AS_THEY_COME.items():
        imp.add_argument(flag, action="store_true", help=explained)
    imp.add_argument("--encoding", metavar="NAME",
                     help="text encoding of a Shapefile's .dbf or a CSV register, e.g. GBK, "
                          "UTF-8, Big5 (default: the .cpg, else detected)")
    imp.add_argument("--allow-far", action="store_true",
                     help="accept features and households outside China or more than 50 km "
                          "from the basin's data (refused otherwise, as a wrong CRS or file)")
    # Checked by the service, so that `--kind sea` reads as every other refusal does.
    imp.add_argument("--kind", dest="water_kind", metavar="|".join(KINDS),
                     help="ponds: what the polygons are (default pond); only a pond blocks a "
                          "channel, a reservoir, lake or river surface never does")

    net = commands.add_parser("network", help="check the channel network")
    net_sub = net.add_subparsers(dest="network_command", required=True, metavar="COMMAND")

    def network_command(name, handler, help_text, snap_default, snap_help):
        sub = net_sub.add_parser(name, parents=[common], help=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument("--snap-metres", default=snap_default, metavar="M", help=snap_help)
        return sub

    joined_help = "ends this close to another line are joined (default 1)"
    check = network_command(
        "check", cmd_network_check,
        "lines drawn against the flow, near misses, crossings, unreached stretches, stubs",
        JOIN_M, joined_help)
    check.add_argument("--json", action="store_true",
                       help="one JSON object: " + ", ".join(network.KEYS) + ", each a list")
    check.add_argument("--near-metres", default=NEAR_M, metavar="M",
                       help="ends this close but not joined are near misses (default 20)")
    orienting = network_command(
        "orient", cmd_network_orient,
        "turn round every channel the sources show is drawn against the flow", JOIN_M, joined_help)
    joining = network_command(
        "join", cmd_network_join,
        "move ends that miss another channel by a little onto it; --undo takes it back",
        2, "join ends at most this far from another channel (default 2)")
    joining.add_argument("--undo", action="store_true", help="put back what the latest join moved")
    for sub, what in ((orienting, "be turned"), (joining, "move")):
        sub.add_argument("--dry-run", action="store_true",
                         help=f"say what would {what}; change nothing")

    chan = commands.add_parser("channel", help="fix one channel")
    chan_sub = chan.add_subparsers(dest="channel_command", required=True, metavar="COMMAND")
    rev = chan_sub.add_parser("reverse", parents=[common],
                              help="draw a channel (and its segments) the other way round; "
                                   "again to undo")
    rev.set_defaults(handler=cmd_channel_reverse)
    rev.add_argument("code", help="the channel's code, e.g. C0007")

    seg = command(commands, common, "segment", cmd_segment, "cut channels into custody segments")
    seg.add_argument("--length", default=segmenting.DEFAULT_TARGET_M, metavar="METRES",
                     help="target segment length in metres (default 200)")
    seg.add_argument("--channel", metavar="CODE", help="cut only this channel")
    seg.add_argument("--force", action="store_true",
                     help="re-cut channels whose segments are in custody, ending those custodies")

    exp = command(commands, common, "export", cmd_export,
                  "write .gpkg, .geojson or .xlsx (by suffix)")
    exp.add_argument("path")
    exp.add_argument("--layer", choices=exporting.LAYERS)
