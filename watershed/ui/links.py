"""Links between pages, and today's work (watershed.services.places.today) drawn as links.

A page is reached by its url path (as watershed.ui.main.PAGES registers it): Streamlit finds a
registered page by that path alone, so a stand-in page with the same path leads to it, and a
part's page links to another part's page without importing it. What to open there travels as
query parameters, which the page reads once with `take`.

The staff see today's work as a list of rows, each a link to the page with all of its kind and,
under it, links to the first few items themselves; a custodian or resident sees it as big
buttons, one per kind, on a phone.
"""

import streamlit as st

from watershed.ui.text import literal, t

SHOWN = 5  # items shown under a row; the row itself opens them all
ICONS = {
    "overdue_3": ":material/crisis_alert:", "overdue_2": ":material/alarm:",
    "overdue_1": ":material/schedule:", "screen": ":material/fact_check:",
    "assign": ":material/assignment_ind:", "supervise": ":material/task_alt:",
    "works": ":material/construction:", "custodians": ":material/group:",
    "open": ":material/person_off:", "handle": ":material/build:",
    "checks": ":material/checklist:", "rate_problems": ":material/reviews:",
    "rate": ":material/star:",
}
# The household's buttons are the first thing on a phone: taller than other buttons, large text.
_BUTTON_CSS = """<style>
[class*="st-key-today_"] button { min-height: 56px; }
[class*="st-key-today_"] button p { font-size: 1.15rem; }
</style>"""


def _stand_in() -> None:
    """Never run: Streamlit runs the page registered under the same url path."""


def page(url_path: str) -> st.Page:
    return st.Page(_stand_in, url_path=url_path)


def take(name: str) -> str | None:
    """The query parameter `name` of the address, removed once read: a link opens its item
    once, and from then on the page's own widgets decide (a parameter left in the address
    would overrule them at every rerun)."""
    if name not in st.query_params:
        return None
    value = st.query_params[name]
    del st.query_params[name]
    return value


def _link(target, label: str, icon: str | None = None) -> None:
    st.page_link(page(target.page), label=label, icon=icon, query_params=target.query or None)


def staff_list(tasks) -> None:
    """Today's work of the street office, most urgent first: a row per kind, its items under it."""
    st.subheader(t("today.title"), anchor=False, help=t("today.staff_help"))
    if not tasks:
        st.success(t("today.nothing"))
        return
    for task in tasks:
        with st.container(border=True, key=f"today_{task.kind}"):
            _link(task, f"**{literal(task.label)}**", ICONS.get(task.kind))
            with st.container(horizontal=True, gap="small"):
                for item in task.items[:SHOWN]:
                    _link(item, literal(item.label))
            if len(task.items) > SHOWN:
                st.caption(t("today.more", count=len(task.items) - SHOWN))


def household_buttons(tasks) -> None:
    """What waits for a household, as one big button per kind; the most urgent is the primary."""
    st.subheader(t("today.mine_title"), anchor=False)
    if not tasks:
        st.caption(t("today.mine_nothing"))
        return
    st.html(_BUTTON_CSS)  # constant CSS, no text from anyone
    for index, task in enumerate(tasks):
        if st.button(literal(task.label), key=f"today_{task.kind}", icon=ICONS.get(task.kind),
                     type="primary" if index == 0 else "secondary", width="stretch"):
            st.switch_page(page(task.page), query_params=task.query or None)
