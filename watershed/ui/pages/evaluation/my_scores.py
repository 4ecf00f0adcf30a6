"""我的评分: what the other households gave my household's segments in each closed round, the
trend, and the comments they left. Nothing here says who rated: the service gives no rater, and
the comments come in an order that hints at none.

Cards rather than a table: five columns do not fit a 375-px phone. Comments are what people
typed: they go through st.text, which shows them as they are (no markdown, no HTML).
"""

import altair as alt
import pandas as pd
import streamlit as st

from watershed.domain.rating import MIN_RATINGS
from watershed.errors import WatershedError
from watershed.services.evaluation.board import my_scores
from watershed.ui.session import current_actor
from watershed.ui.text import day, md, show_error, t
from watershed.ui.wiring import database

CHART_HEIGHT = 320  # tall enough to tell 3.6 from 4.0 on a phone


def _round_line(line) -> None:
    st.markdown(md("ui.scores.round", name=line.round_name))
    count = t("ui.scores.count", count=line.n_ratings)
    if line.score is None:
        st.warning(t("ui.scores.not_enough"), icon=":material/group_off:")
        st.caption(t("ui.scores.not_enough_detail", count=line.n_ratings, minimum=MIN_RATINGS))
        return
    parts = [t("ui.scores.score", score=line.score)]
    if line.ci_low is not None and line.ci_high is not None:
        parts.append(t("ui.scores.interval", low=line.ci_low, high=line.ci_high))
    st.markdown(" · ".join(parts))
    rank = t("ui.scores.rank", rank=line.rank, of=line.ranked_in_village) if line.rank else None
    st.caption(" · ".join(part for part in (rank, count) if part))
    if line.history_rounds:
        st.caption(t("ui.scores.history", rounds=line.history_rounds))


def _segment(code: str, lines) -> None:
    with st.container(border=True):
        st.subheader(md("ui.scores.segment", code=code), anchor=False)
        for index, line in enumerate(reversed(lines)):  # the latest round first
            if index:
                st.divider()
            _round_line(line)


def _round_labels(lines) -> dict[int, str]:
    """round id -> its name on the chart's axis, oldest first; a name two rounds share gets the
    round's last day added (else their points would fall on one place)."""
    names = {line.round_id: line.round_name for line in lines}
    shared = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {line.round_id: f"{line.round_name} {day(line.end_date)}"
            if line.round_name in shared else line.round_name for line in lines}


def _chart(lines) -> alt.Chart:
    labels = _round_labels(lines)
    rounds = list(dict.fromkeys(labels.values()))
    rows = pd.DataFrame([
        {"round": labels[line.round_id], "segment": line.segment_code, "score": line.score,
         "low": line.ci_low if line.ci_low is not None else line.score,
         "high": line.ci_high if line.ci_high is not None else line.score}
        for line in lines if line.score is not None])
    rows["interval"] = [f"{low:.1f}–{high:.1f}" for low, high in zip(rows["low"], rows["high"])]
    x = alt.X("round:O", sort=rounds, title=t("ui.scores.axis_round"),
              axis=alt.Axis(labelAngle=-30, labelLimit=120))
    y = alt.Y("score:Q", title=t("ui.scores.axis_score"), scale=alt.Scale(domain=[1, 5]),
              axis=alt.Axis(values=[1, 2, 3, 4, 5]))
    colour = alt.Color("segment:N", title=t("ui.scores.axis_segment"),
                       legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip("round:O", title=t("ui.scores.axis_round")),
               alt.Tooltip("segment:N", title=t("ui.scores.axis_segment")),
               alt.Tooltip("score:Q", title=t("ui.scores.axis_score"), format=".1f"),
               alt.Tooltip("interval:N", title=t("ui.scores.axis_interval"))]
    base = alt.Chart(rows, height=CHART_HEIGHT)
    band = base.mark_area(opacity=0.18).encode(x=x, y=alt.Y("low:Q", scale=alt.Scale(domain=[1, 5])),
                                               y2="high:Q", color=colour)
    line = base.mark_line(point=alt.OverlayMarkDef(size=80)).encode(x=x, y=y, color=colour,
                                                                    tooltip=tooltip)
    return band + line


def _comments(comments) -> None:
    st.subheader(t("ui.scores.comments"), anchor=False)
    if not comments:
        st.caption(t("ui.scores.no_comments"))
        return
    st.caption(t("ui.scores.comments_caption"))
    for comment in comments:
        with st.container(border=True):
            st.caption(md("ui.scores.comment_head", name=comment.round_name,
                          segment=comment.segment_code, score=comment.score))
            st.text(comment.comment)


def render() -> None:
    st.title(t("ui.scores.title"), anchor=False)
    actor = current_actor()
    if actor is None:
        return
    try:
        lines, comments = my_scores(database(), actor)
    except WatershedError as error:
        show_error(error)
        return
    if not lines:
        st.info(t("ui.scores.none"))
        return
    st.caption(t("ui.scores.intro"))
    per_segment: dict[str, list] = {}
    for line in lines:  # oldest round first, as the service gives them
        per_segment.setdefault(line.segment_code, []).append(line)
    for code in sorted(per_segment):
        _segment(code, per_segment[code])
    if any(line.score is not None for line in lines):
        st.subheader(t("ui.scores.trend"), anchor=False)
        st.altair_chart(_chart(lines), width="stretch")
        st.caption(t("ui.scores.trend_caption"))
    _comments(comments)
