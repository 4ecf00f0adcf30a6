"""Geometry: import channels or ponds from a file (checking the network the channels would make
before they are saved), check the stored network, then cut the channels into segments, looking
at the cut on a map before it is saved (the same services as `watershed import`, `network check`
and `segment`)."""

import streamlit as st

from watershed import config
from watershed.services.geometry import network
from watershed.domain.ponds import KINDS as WATER_KINDS
from watershed.services.geometry.imports import check_before_import, check_upload, import_layer
from watershed.services.geometry.segmenting import (DEFAULT_TARGET_M, TARGET_M, plan_segments,
                                           segment_channels)
from watershed.ui.session import current_actor
from watershed.ui.text import error_text, language, md, t
from watershed.ui.widgets import (attempt, bounds, flash, plan_map, progress_bar, saved_upload,
                                  show_flash)
from watershed.ui.widgets_backup import backup_downloads
from watershed.ui.wiring import database

KINDS, TYPES = ("channels", "ponds"), ["geojson", "json", "gpkg", "zip", "kml"]
PLAN = "geometry_plan"  # (target_m, planned segments) of the last plan drawn


def _import_options(kind: str) -> dict:
    """What the file is and how it was drawn, as `watershed import` takes it."""
    options = {"crs": st.text_input(t("staff.geometry.crs"),
                                    help=t("staff.geometry.crs_help")).strip() or None,
               "gcj02": st.checkbox(t("staff.geometry.gcj02"), help=t("staff.geometry.gcj02_help")),
               "encoding": st.text_input(t("staff.geometry.encoding"),
                                         help=t("staff.geometry.encoding_help")).strip() or None,
               "allow_far": st.checkbox(t("staff.geometry.allow_far"),
                                        help=t("staff.geometry.allow_far_help"))}
    if kind == "ponds":
        options["water_kind"] = st.radio(t("staff.geometry.water_kind"), WATER_KINDS,
                                         horizontal=True, help=t("staff.geometry.water_kind_help"),
                                         format_func=lambda k: t(f"pond.kind.{k}"))
    else:
        for name in ("merge_by_name", "explode", "ignore_codes"):
            options[name] = st.checkbox(t(f"staff.geometry.{name}"),
                                        help=t(f"staff.geometry.{name}_help"))
    return options


def _import(db, actor) -> None:
    st.subheader(t("staff.geometry.import_title"), anchor=False)
    kind = st.radio(t("staff.geometry.kind"), KINDS, horizontal=True,
                    format_func=lambda k: t(f"staff.geometry.kind.{k}"))
    upload = st.file_uploader(t("staff.geometry.file", limit=config.import_max_mb()), type=TYPES,
                              key="layer_file")
    # A file over the limit is refused here, before it is saved or read.
    if upload is not None and attempt(lambda: check_upload(upload.name, upload.size)) is None:
        upload = None
    options = _import_options(kind)
    left, right = st.columns(2)
    checking = kind == "channels" and left.button(t("staff.geometry.check_file"),
                                                  disabled=upload is None)
    importing = right.button(t("staff.geometry.import"), disabled=upload is None, type="primary")
    if checking:
        with saved_upload(upload) as path:
            found = attempt(lambda: check_before_import(db, actor, path, **options))
        if found is not None:
            st.info(t("staff.geometry.checked_file", file=upload.name))
            _show_check(found[1])
    if not importing:
        return
    bar = st.progress(0.2, text=t("staff.progress.importing"))
    with saved_upload(upload) as path:
        report = attempt(lambda: import_layer(db, actor, kind, path, **options))
    bar.empty()
    if report is not None:
        st.success(md("staff.geometry.imported", count=report.count, file=upload.name,
                      kind=t(f"staff.geometry.kind.{kind}")))
        for warning in report.warnings:
            st.warning(error_text(warning))


def _check(db, actor) -> None:
    st.subheader(t("staff.geometry.check_title"), anchor=False)
    st.caption(t("staff.geometry.check_help"))
    if st.button(t("staff.geometry.check")):
        report = attempt(lambda: network.check_network(db, actor))
        if report is not None:
            _show_check(report)


def _show_check(report) -> None:
    lang = language()
    for line in network.summary(report, lang):
        st.write(line)
    if not report.sources:
        st.warning(t("network.no_sources"))
    if report.all_clear():
        st.success(t("network.all_clear"))
    for key, items in report.to_list().items():
        # Text, not markdown: the sentences carry codes and names people typed.
        with st.expander(t("network.count", kind=t(f"network.kind.{key}"), count=len(items)),
                         expanded=key == "reversed"):
            st.text("\n".join(network.describe(report, key, item, lang) for item in items))
    if report.findings["dangles"]:
        st.caption(t("staff.geometry.dangles", count=len(report.findings["dangles"])))


def _cut(db, actor) -> None:
    st.subheader(t("staff.geometry.cut_title"), anchor=False)
    target = st.number_input(t("staff.geometry.target"), **bounds(TARGET_M), step=10.0,
                             value=DEFAULT_TARGET_M, format="%.0f")
    if st.button(t("staff.geometry.plan")):
        bar = st.progress(0.1, text=t("staff.progress.cutting"))
        pieces = attempt(lambda: plan_segments(db, actor, target))
        bar.empty()
        st.session_state[PLAN] = None if pieces is None else (target, pieces)
    planned, pieces = st.session_state.get(PLAN) or (None, [])
    if planned != target or not pieces:
        return
    st.caption(t("staff.geometry.planned", count=len(pieces), target=target,
                 km=sum(p.length_m for p in pieces) / 1000))
    plan_map(pieces, key="geometry_plan_map")
    force = st.checkbox(t("staff.geometry.force"), help=t("staff.geometry.force_help"))
    if st.button(t("staff.geometry.save"), type="primary"):
        bar, move = progress_bar(t("staff.progress.saving"))
        report = attempt(lambda: segment_channels(db, actor, target_m=target, force=force,
                                                  progress=move))
        bar.empty()
        if report is not None:
            st.session_state.pop(PLAN, None)
            flash(t("staff.geometry.saved", created=report.segments_created,
                    retired=report.segments_retired, ended=report.custodies_ended,
                    unchanged=report.channels_unchanged))


def render() -> None:
    st.title(t("staff.page.geometry"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    _import(db, actor)
    st.divider()
    _check(db, actor)
    st.divider()
    _cut(db, actor)
    st.divider()
    backup_downloads(db, actor)
