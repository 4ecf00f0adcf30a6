"""The staff page 河段公示牌 in AppTest: a village's signboards to download, and naming the
village's supervising staff member."""

from tests.factories import STAFF
from tests.pages import page_app, shown
from watershed.catalogue import text
from watershed.services.accounts.users import add_user
from watershed.services.signboards.signboards import village_supervisors
from watershed.store.database import open_database


def test_staff_see_every_villages_supervisor_and_a_download_per_village(monkeypatch,
                                                                        demo_sqlite_url):
    lines = village_supervisors(open_database(demo_sqlite_url), STAFF)
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", "https://hz.example.gov.cn")
    app = page_app(monkeypatch, demo_sqlite_url, "signboards", "staff", "zh")
    assert not app.exception and not app.error
    assert app.title[0].value == text("ui.signboards.title", "zh")
    assert app.selectbox(key="signboards_village").options == [x.village for x in lines]
    [download] = app.get("download_button")
    assert download.label == text("ui.signboards.download", "zh")
    table = app.dataframe[0].value
    assert table[text("staff.column.village", "zh")].tolist() == [x.village for x in lines]
    assert set(table[text("staff.column.supervisor_name", "zh")]) == {"刘春华（演示）"}
    summary = " ".join(shown(m.value) for m in app.markdown)
    assert f"{lines[0].segments} 个在用河段" in summary


def test_staff_name_another_supervisor_for_a_village(monkeypatch, demo_copy):
    db = open_database(demo_copy)
    add_user(db, STAFF, "officer2", "staff", "secret-pass")
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", "https://hz.example.gov.cn")
    app = page_app(monkeypatch, demo_copy, "signboards", "staff", "en")
    village = app.selectbox(key="signboards_village").options[1]
    app.selectbox(key="signboards_village").set_value(village).run()
    app.selectbox[1].set_value("officer2")
    app.text_input[0].input("<b>王干事</b>")
    app.text_input[1].input("0716-8000002")
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert any("<b>王干事</b>" in shown(s.value) for s in app.success)
    lines = {x.village: x for x in village_supervisors(db, STAFF)}
    assert (lines[village].username, lines[village].name, lines[village].phone) == (
        "officer2", "<b>王干事</b>", "0716-8000002")
    others = [x for name, x in lines.items() if name != village]
    assert all(x.username == "staff" for x in others)


def test_other_roles_cannot_reach_the_signboards_page():
    from watershed.ui.main import PAGES

    assert [role for role, pages in PAGES.items()
            if any(path == "signboards" for _, _, path in pages)] == ["staff"]


def test_with_no_public_address_the_page_says_how_to_set_one_and_offers_no_download(
        monkeypatch, demo_sqlite_url):
    monkeypatch.delenv("WATERSHED_PUBLIC_URL", raising=False)  # the default: localhost
    app = page_app(monkeypatch, demo_sqlite_url, "signboards", "staff", "zh")
    assert not app.exception and "WATERSHED_PUBLIC_URL" in shown(app.error[0].value)
    assert not app.get("download_button")
