"""清淤填报: the dredging done, entered segment by segment.

Staff, on a desktop, see every segment of the current campaign, record an entry on any of them
(a day's silt and bank; done, or a done taken back; a correction names the entry it corrects and
gives negative amounts) and accept (验收) the done ones. A custodian, on a phone, sees only the
segments the household keeps that are in the campaign, one short form each, and the amounts of
today; the service refuses anyone else's segment whatever the page shows. Entries are never
edited: a mistake is put right with a new entry.
"""

from functools import partial

import streamlit as st

from watershed.catalogue import text
from watershed.domain.dredging import ENTRY_BANK_M, ENTRY_M3, STATUSES
from watershed.errors import NotFound, WatershedError
from watershed.services.campaign.campaign import MAX_NOTE, accept_work, current_campaign, record_progress
from watershed.services.campaign.figures import (may_view_campaign, my_works, progress_phrase,
                                                 whole_campaign)
from watershed.services.common.clock import today
from watershed.services.common.numbers import RECORD_ID
from watershed.services.common.paging import page_of_rows, write_sheet
from watershed.services.common.photos import MAX_PHOTO_BYTES
from watershed.ui.links import take
from watershed.ui.session import current_actor
from watershed.ui.names import who
from watershed.ui.text import DATE_FIELD, day, language, md, show_error, t
from watershed.ui.widgets import (attempt, bounds, choice, flash, paged_table, show_flash,
                                  written)
from watershed.ui.wiring import database, shared

SHOW, SEGMENT = "works_show", "works_segment"
ROUND_KEY, DONE_KEY = "works_round", "works_done"  # a custodian's forms start clean after a submit
PHOTO_TYPES = ["jpg", "jpeg", "png"]
MEGABYTES = MAX_PHOTO_BYTES // 2**20


def _status(status: str) -> str:
    return t(f"dredging.status.{status}")


def _photo(upload) -> tuple[str, bytes] | None:
    return (upload.name, upload.getvalue()) if upload else None


COLUMNS = ("code", "channel", "village", "length_m", "works_status", "works_removed_m3",
           "works_planned_m3", "works_bank_m", "works_planned_bank_m")


def _row(work, lang: str) -> dict:
    return dict(code=work.code, channel=work.channel, village=work.village,
                length_m=round(work.length_m),
                works_status=text(f"dredging.status.{work.status}", lang),
                works_removed_m3=round(work.removed_m3, 1), works_planned_m3=work.planned_m3,
                works_bank_m=round(work.bank_m, 1), works_planned_bank_m=work.planned_bank_m)


def spreadsheet(works, sheet: str, lang: str) -> bytes:
    """The works listed, all of them, as .xlsx bytes (written when the button is pressed)."""
    rows = [_row(work, lang) for work in works]
    return written(lambda path: write_sheet(path, COLUMNS, rows, lang=lang, sheet=sheet),
                   "works.xlsx")


def _entry_form(db, actor, work, start) -> None:
    st.subheader(md("ui.works.entry_title", segment=work.code), anchor=False)
    if work.status == "accepted":
        st.info(md("ui.works.is_accepted", segment=work.code))
        return
    with st.form("works_entry"):
        left, right = st.columns(2)
        when = left.date_input(t("ui.works.day"), value=today(), min_value=min(start, today()),
                               max_value=today(), format=DATE_FIELD)
        m3 = left.number_input(t("ui.works.m3"), value=0.0, step=10.0, format="%.1f",
                               **bounds(ENTRY_M3), help=t("ui.works.m3_help"))
        bank = left.number_input(t("ui.works.bank_m"), value=0.0, step=5.0, format="%.1f",
                                 **bounds(ENTRY_BANK_M))
        if work.status == "done":  # the one change of state a done segment can still take
            state = "not_done" if right.checkbox(t("ui.works.take_back")) else "progress"
        else:
            state = "done" if right.checkbox(t("ui.works.done")) else "progress"
        corrects = right.number_input(t("ui.works.corrects"), value=None, step=1,
                                      **bounds(RECORD_ID),
                                      help=t("ui.works.corrects_help"))
        note = right.text_input(t("ui.custodian.note"), max_chars=MAX_NOTE)
        photo = st.file_uploader(t("ui.works.photo", mb=MEGABYTES), type=PHOTO_TYPES,
                                 max_upload_size=MEGABYTES)
        submitted = st.form_submit_button(t("ui.works.save"), type="primary")
    if not submitted:
        return
    entry = attempt(lambda: record_progress(
        db, actor, work.code, when, m3, bank, state=state, note=note,
        corrects=None if corrects is None else int(corrects), photo=_photo(photo)))
    if entry is not None:
        flash(md("ui.works.saved", segment=work.code, entry=entry.id, date=day(entry.day),
                 m3=entry.m3, bank=entry.bank_m, state=t(f"dredging.state.{entry.state}")))


def _accept(db, actor, work) -> None:
    st.subheader(t("ui.works.accept_title"), anchor=False)
    if work.status == "accepted":
        st.success(md("ui.works.is_accepted", segment=work.code))
    elif work.status != "done":
        st.caption(t("ui.works.accept_when_done"))
    else:
        st.write(md("ui.works.accept_explain", segment=work.code))
        if st.button(t("ui.works.accept"), type="primary", key="works_accept"):
            accepted = attempt(lambda: accept_work(db, actor, work.code))
            if accepted is not None:
                flash(md("ui.works.accepted", segment=work.code, who=who(accepted.accepted_by),
                         date=day(accepted.day)))


def _opened() -> None:
    """What a link asked for (today's work on the dashboard): ?status=STATUS shows the segments
    in that status, ?code=CODE opens that segment."""
    status, code = take("status"), take("code")
    if status in STATUSES:
        st.session_state[SHOW] = status
    if code is not None:
        st.session_state[SEGMENT] = code  # one not in the campaign is dropped below


def _figures(actor):
    """The campaign's figures, the same for every viewer once let in: shared, not worked out
    again on every rerun (a district's campaign has tens of thousands of works)."""
    may_view_campaign(actor)
    return shared(whole_campaign)


def _staff(db, actor) -> None:
    figures = attempt(partial(_figures, actor))
    if figures is None:
        return
    _opened()
    st.caption(md("ui.works.campaign", name=figures.name, progress=progress_phrase(figures)))
    shown = st.columns([1, 3])[0].selectbox(
        t("ui.works.show"), (None, *STATUSES), key=SHOW,
        format_func=lambda s: t("ui.works.all") if s is None else _status(s))
    works = [work for work in figures.works if shown is None or work.status == shown]
    page = paged_table("works", partial(page_of_rows, works), filters=shown, height=360,
                       shape=lambda rows: [_row(work, language()) for work in rows],
                       file_name=f"works-{today()}.xlsx",
                       download=partial(spreadsheet, works, t("ui.works.title"), language()))
    if actor.role != "staff":
        return  # leadership may look; only staff record and accept
    by_code = {work.code: work for work in figures.works}
    if st.session_state.get(SEGMENT) not in by_code:
        st.session_state.pop(SEGMENT, None)
    # The segments of the page shown (and the one chosen, perhaps by a link), not the whole
    # campaign: at the size of a district every option would be sent on every rerun.
    offered = dict.fromkeys([work.code for work in page.rows] if page else [])
    if st.session_state.get(SEGMENT):
        offered[st.session_state[SEGMENT]] = None
    code = st.selectbox(t("ui.works.segment"), list(offered), key=SEGMENT,
                        placeholder=choice(offered),
                        format_func=lambda c: f"{c} {by_code[c].channel} · "
                                              f"{_status(by_code[c].status)}")
    if code is None:
        return
    work = by_code[code]
    st.write(t("ui.works.figures", removed=work.removed_m3, planned=work.planned_m3,
               bank=work.bank_m, planned_bank=work.planned_bank_m, status=_status(work.status)))
    left, right = st.columns([2, 1], gap="large")
    with left:
        _entry_form(db, actor, work, figures.start_date)
    with right:
        _accept(db, actor, work)


def _card(db, actor, work, round_: int) -> None:
    """One segment: the status, the amounts of today, finished or not, a photo, one big button."""
    with st.container(border=True):
        st.subheader(md("ui.custodian.segment_title", code=work.code, channel=work.channel),
                     anchor=False)
        status = work.status
        st.write(t("ui.works.status", status=_status(status)))
        if status == "accepted":
            st.success(t("ui.works.mine_accepted"), icon=":material/check_circle:")
            return
        with st.form(f"works_{work.code}_{round_}", border=False):
            # Empty boxes, not 0.0: on a phone a number is typed in, not edited.
            m3 = st.number_input(t("ui.works.m3_today"), min_value=0.0, value=None, step=1.0,
                                 max_value=float(ENTRY_M3.high), format="%.1f",
                                 placeholder="0") or 0.0
            bank = st.number_input(t("ui.works.bank_today"), min_value=0.0, value=None, step=1.0,
                                   max_value=float(ENTRY_BANK_M.high), format="%.1f",
                                   placeholder="0") or 0.0
            finished = st.toggle(t("ui.works.done_toggle"), value=status == "done")
            photo = st.file_uploader(t("ui.works.photo", mb=MEGABYTES), type=PHOTO_TYPES,
                                     max_upload_size=MEGABYTES)
            note = st.text_input(t("ui.custodian.note"), max_chars=MAX_NOTE)
            submitted = st.form_submit_button(t("ui.works.submit"), type="primary",
                                              width="stretch")
        said = st.session_state.get(DONE_KEY)
        if said and said[0] == work.code:  # under the button, where the eyes are
            del st.session_state[DONE_KEY]
            for message in said[1]:
                st.success(message)
        if not submitted:
            return
        # Switching 已完工 off again takes back a done said too soon.
        state = "done" if finished else "not_done" if status == "done" else "progress"
        try:
            record_progress(db, actor, work.code, today(), m3, bank, state=state, note=note,
                            photo=_photo(photo))
        except WatershedError as error:
            for problem in getattr(error, "problems", None) or [error]:  # every fault
                show_error(problem)
            return
        messages = [md("ui.works.mine_saved", segment=work.code, m3=m3, bank=bank)]
        if finished and status != "done":
            messages.append(t("ui.works.mine_finished"))
        st.session_state[DONE_KEY] = (work.code, messages)
        st.session_state[ROUND_KEY] = round_ + 1
        st.rerun()


def _custodian(db, actor) -> None:
    try:
        mine = my_works(db, actor)
    except NotFound:
        st.info(t("ui.works.no_campaign"))
        return
    except WatershedError as error:
        show_error(error)
        return
    name = current_campaign(db).name
    if not mine:
        st.info(md("ui.works.none_mine", name=name))
        return
    st.caption(md("ui.works.mine_intro", name=name))
    round_ = st.session_state.setdefault(ROUND_KEY, 0)
    for work in mine:
        _card(db, actor, work, round_)


def render() -> None:
    st.title(t("ui.works.title"), anchor=False)
    show_flash()
    db, actor = database(), current_actor()
    if actor is None:
        return
    if actor.role == "custodian":
        _custodian(db, actor)
    elif current_campaign(db) is None:
        st.info(t("ui.works.no_campaign"))
    else:
        _staff(db, actor)
