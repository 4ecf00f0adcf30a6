"""The parts of the problem pages: a problem as a table row, its steps, and the forms staff move
it with (one per move its stage allows). Every move goes through watershed.services.problems.problems,
which refuses what the role or the stage does not allow, whatever is shown here."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from watershed.domain.localtime import stamp
from watershed.services.problems import problems
from watershed.services.common.clock import today
from watershed.services.common.numbers import RECORD_ID
from watershed.services.common.photos import MAX_PHOTO_BYTES, photo_path
from watershed.services.problems.figures import escalation_phrase, problem_steps
from watershed.ui.names import who
from watershed.catalogue import text
from watershed.ui.text import DATE_FIELD, day, language, md, t
from watershed.ui.widgets import attempt, bounds, flash, table

MEGABYTES = MAX_PHOTO_BYTES // 2**20
PHOTO_TYPES = ["jpg", "jpeg", "png"]


def escalation(line, lang: str | None = None) -> str:
    """'2 级 · 报村民小组长（梅槐社区 一组）', or '' when nothing went up."""
    if not line.level:
        return ""
    return escalation_phrase(line.level, line.escalated_to, line.escalated_whom,
                             lang or language())


def row(line, lang: str | None = None) -> dict:
    """A problem as a line of the queue. `lang` is given for a download, which is written
    outside the page's run, where the session's language cannot be read."""
    lang = lang or language()
    return dict(problem_id=line.id, problem_segment=line.segment_code, village=line.village,
                problem_category=text(f"check.category.{line.category}", lang),
                problem_duty=text(f"problem.duty.{line.duty}", lang),
                problem_stage=text(f"problem.stage.{line.stage}", lang),
                problem_found=line.found_on, problem_reporter=who(line.reporter, lang),
                problem_assignee=line.assignee, problem_deadline=line.deadline,
                problem_overdue=str(line.days_overdue) if line.days_overdue else "",
                problem_escalation=escalation(line, lang),
                problem_stars="★" * (line.stars or 0), problem_note=line.note)



def _detail(step) -> str:
    data = step.data
    if step.action in ("assign", "send_back"):
        return t("problems.detail.assign", assignee=data.get("assignee", ""),
                 deadline=data.get("deadline", ""))
    if step.action == "escalate":
        return escalation_phrase(data.get("level"), data.get("to"), data.get("whom"), language())
    if step.action == "merge":
        return t("problems.detail.merge", into=data.get("into"))
    if step.action == "evaluate":
        return "★" * int(data.get("stars", 0))
    return ""


def history(db, actor, problem_id: int) -> None:
    steps = attempt(lambda: problem_steps(db, actor, problem_id))
    if not steps:
        return
    table(pd.DataFrame([dict(at=stamp(s.at), problem_step=t(f"problem.step.{s.action}"),
                             problem_stage=t(f"problem.stage.{s.stage}"),
                             user_name=who(s.user_name),
                             problem_note=s.note, problem_detail=_detail(s)) for s in steps]))
    paths = [photo_path(p) for s in steps for p in s.photos]
    shown = [str(p) for p in paths if p.is_file()]
    if shown:
        st.image(shown, width=120)


def photos_of(uploads) -> list[tuple[str, bytes]]:
    return [(upload.name, upload.getvalue()) for upload in uploads or []]


def _done(problem_id: int, key: str) -> None:
    flash(t(key, id=problem_id))


def _early(db, actor, line) -> None:
    """Found or screened: screen it, dismiss it, or merge it into the problem it repeats."""
    if line.stage == "found":
        with st.form(f"screen_{line.id}"):
            note = st.text_input(t("problems.form.note"))
            if st.form_submit_button(t("problems.form.screen"), type="primary"):
                if attempt(lambda: problems.screen(db, actor, line.id, note)):
                    _done(line.id, "problems.done.screen")
    left, right = st.columns(2)
    with left.form(f"dismiss_{line.id}"):
        reason = st.text_input(t("problems.form.reason"))
        if st.form_submit_button(t("problems.form.dismiss")):
            if attempt(lambda: problems.dismiss(db, actor, line.id, reason)):
                _done(line.id, "problems.done.dismiss")
    with right.form(f"merge_{line.id}"):
        into = st.number_input(t("problems.form.into"), **bounds(RECORD_ID), step=1, value=None)
        if st.form_submit_button(t("problems.form.merge")):
            if attempt(lambda: problems.merge(db, actor, line.id, into)):
                _done(line.id, "problems.done.merge")


def _assign(db, actor, line) -> None:
    with st.form(f"assign_{line.id}"):
        left, right = st.columns(2)
        household = left.text_input(t("problems.form.household"), help=t("problems.form.household_help"))
        assignee = right.text_input(t("problems.form.assignee"), help=t("problems.form.assignee_help"))
        deadline = left.date_input(t("problems.form.deadline"), value=today() + timedelta(days=7),
                                   min_value=today(), format=DATE_FIELD)
        note = right.text_input(t("problems.form.note"))
        if st.form_submit_button(t("problems.form.assign"), type="primary"):
            if attempt(lambda: problems.assign(db, actor, line.id, deadline, assignee=assignee,
                                               household_code=household.strip() or None,
                                               note=note)):
                _done(line.id, "problems.done.assign")


def _handle(db, actor, line) -> None:
    with st.form(f"handle_{line.id}"):
        note = st.text_area(t("problems.form.handling"), max_chars=problems.MAX_NOTE)
        uploads = st.file_uploader(t("problems.form.photos", mb=MEGABYTES), type=PHOTO_TYPES,
                                   accept_multiple_files=True, max_upload_size=MEGABYTES)
        if st.form_submit_button(t("problems.form.handle"), type="primary"):
            if attempt(lambda: problems.handle(db, actor, line.id, note, photos_of(uploads))):
                _done(line.id, "problems.done.handle")


def _supervise(db, actor, line) -> None:
    left, right = st.columns(2)
    with left.form(f"accept_{line.id}"):
        note = st.text_input(t("problems.form.note"))
        if st.form_submit_button(t("problems.form.accept"), type="primary"):
            if attempt(lambda: problems.accept(db, actor, line.id, note)):
                _done(line.id, "problems.done.accept")
    with right.form(f"send_back_{line.id}"):
        deadline = st.date_input(t("problems.form.new_deadline"), value=today() + timedelta(days=3),
                                 min_value=today(), format=DATE_FIELD)
        reason = st.text_input(t("problems.form.reason"))
        if st.form_submit_button(t("problems.form.send_back")):
            if attempt(lambda: problems.send_back(db, actor, line.id, deadline, reason)):
                _done(line.id, "problems.done.send_back")


FORMS = {"found": _early, "screened": _early, "assigned": _handle, "handled": _supervise}


def act_on(db, actor, line) -> None:
    """One problem: what it is, its steps, and (staff only) the moves its stage allows."""
    st.subheader(md("problems.one_title", id=line.id, segment=line.segment_code,
                    category=t(f"check.category.{line.category}")), anchor=False)
    st.caption(md("problems.one_caption", stage=t(f"problem.stage.{line.stage}"),
                  duty=t(f"problem.duty.{line.duty}"), reporter=who(line.reporter),
                  found=day(line.found_on)))
    if line.note:
        st.text(line.note)
    history(db, actor, line.id)
    if actor.role != "staff":
        return  # the leadership reads; only staff move problems
    if line.stage == "screened":
        _assign(db, actor, line)
    form = FORMS.get(line.stage)
    if form is not None:
        form(db, actor, line)
    elif line.stage == "supervised":
        st.info(t("problems.waiting_rating"))
