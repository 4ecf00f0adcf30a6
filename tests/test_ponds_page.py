"""鱼塘与活水 in AppTest: figures, the register, a status change, and the what-if map."""

import io

import pandas as pd

from tests.factories import STAFF
from tests.pages import page_app, shown
from tests.test_staff_pages import labelled, position
from watershed.catalogue import text
from watershed.palette import GREEN
from watershed.services.campaign.flow import water
from watershed.services.campaign.ponds import list_ponds
from watershed.store.database import open_database
from watershed.ui.pages.campaign.ponds import POND, spreadsheet


def _map_script(app) -> str:
    return app.get("component_instance")[0].proto.json_args


def test_staff_see_live_and_dead_water_and_what_clearing_ponds_would_revive(monkeypatch,
                                                                            demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "ponds", "staff", "en")
    assert not app.exception and not app.error
    figures = {m.label: m.value for m in app.metric}
    now = water(open_database(demo_sqlite_url))
    assert figures["Ponds still blocking"] == f"{len(now.blocking_ponds)} / 9"
    assert figures["Dead water"] == text("ui.km", "en", value=now.dead_km)
    assert len(app.dataframe[0].value) == 9
    assert text("map.water.revived", "en") not in _map_script(app)
    app.multiselect(key="ponds_what_if").set_value(list(now.blocking_ponds)).run()
    assert f"{now.dead_km:.0f}" in app.info[0].value  # km more live water with them all cleared
    script = _map_script(app)
    assert text("map.water.revived", "en") in script and GREEN in script


def test_a_status_change_through_the_form_is_saved_or_refused_with_a_message(monkeypatch,
                                                                             demo_copy):
    app = page_app(monkeypatch, demo_copy, "ponds", "staff", "en")
    app.selectbox[0].set_value("YT-07").run()  # still occupying in the demo
    # Inside a form a choice counts when the form is sent: set it, then press the button.
    app.selectbox[1].set_value("cleared")  # two steps at once, and no agreement yet
    app.button[0].click().run()
    assert not app.exception and "cannot go straight" in shown(app.error[0].value)
    app.selectbox[1].set_value("negotiating")
    app.button[0].click().run()
    assert not app.exception and "negotiating" in shown(app.success[0].value)
    assert "YT-07" in water(open_database(demo_copy)).blocking_ponds  # negotiating still blocks


def test_a_custodian_who_reaches_the_page_is_refused_by_the_service(monkeypatch, demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "ponds", "custodian", "en")
    assert not app.exception and app.error


def test_the_register_is_sent_a_page_at_a_time_and_the_form_offers_that_page_s_ponds(
        monkeypatch, demo_sqlite_url):
    """A district has hundreds of ponds: the register and the form's picker are the page's."""
    monkeypatch.setattr("watershed.ui.widgets.PAGE_SIZE", 4)
    lines = list_ponds(open_database(demo_sqlite_url), STAFF, every_kind=True)
    codes = [p.code for p in lines]
    app = page_app(monkeypatch, demo_sqlite_url, "ponds", "staff", "en")
    assert position(app) == (1, -(-len(codes) // 4), len(codes))
    assert app.dataframe[0].value[text("staff.column.code", "en")].tolist() == codes[:4]
    assert app.selectbox(key=POND).options[0].startswith(codes[0])
    assert len(app.selectbox(key=POND).options) == 4
    app.selectbox(key=POND).set_value(codes[2]).run()
    labelled(app.button, "Next page").click().run()
    assert app.dataframe[0].value[text("staff.column.code", "en")].tolist() == codes[4:8]
    assert [o.split()[0] for o in app.selectbox(key=POND).options] == codes[4:8] + [codes[2]]
    assert app.selectbox(key=POND).value == codes[2] and not app.exception
    sheet = pd.read_excel(io.BytesIO(spreadsheet(lines, "zh")))
    assert sheet[text("staff.column.code", "zh")].tolist() == codes
