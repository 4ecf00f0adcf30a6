"""The custodian's pages in AppTest: my segments, submitting a check, my history; zh and en."""

from io import BytesIO

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.pages import page_app, shown
from watershed.domain.checks import DIMENSIONS

PAGES = ["my_segments", "submit_check", "my_history"]
HOSTILE = "<img src=x onerror=alert(1)>"


def jpeg(colour=(30, 140, 90)) -> bytes:
    out = BytesIO()
    Image.new("RGB", (32, 24), colour).save(out, "JPEG")
    return out.getvalue()


def answer(app: AppTest, problems: dict[str, str | None] | None = None) -> AppTest:
    """Tap every question: 正常, or 有问题 and then the category given (None: no category)."""
    problems = problems or {}
    for dimension in DIMENSIONS:
        value = "problem" if dimension in problems else "good"
        app.segmented_control(key=f"answer_{dimension}_0").set_value(value).run()
        if problems.get(dimension):
            app.pills(key=f"category_{dimension}_0").set_value(problems[dimension]).run()
    return app


def submit(app: AppTest) -> AppTest:
    return app.button[-1].click().run()


def texts(app: AppTest) -> str:
    return "\n".join(shown(str(element.value)) for kind in ("title", "subheader", "markdown", "text",
                                                     "caption", "error", "success", "info")
                     for element in getattr(app, kind))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_custodian_page_renders_for_the_demo_custodian(monkeypatch, demo_sqlite_url, page,
                                                           language):
    app = page_app(monkeypatch, demo_sqlite_url, page, "custodian", language)
    title = {"zh": {"my_segments": "我的河段", "submit_check": "提交巡查", "my_history": "我的记录"},
             "en": {"my_segments": "My segments", "submit_check": "Submit a check",
                    "my_history": "My checks"}}[language][page]
    assert not app.exception and app.title[0].value == title


def test_my_segments_lists_each_segment_the_household_keeps_and_marks_late_ones(monkeypatch,
                                                                               demo_sqlite_url):
    app = page_app(monkeypatch, demo_sqlite_url, "my_segments", "custodian")
    headings = [shown(h.value) for h in app.subheader]
    assert any("THG-001" in h for h in headings) and any("THG-002" in h for h in headings)
    assert "米" in texts(app) and "包保户" in texts(app)
    # The demo has no checks yet: both segments are late, each with its own red box.
    assert len(app.error) == 2 and all("已超期" in e.value for e in app.error)
    assert "从未巡查" in texts(app)


def test_a_check_submitted_through_the_page_shows_in_my_history(monkeypatch, demo_copy):
    app = page_app(monkeypatch, demo_copy, "submit_check", "custodian")
    app.selectbox(key="check_segment").set_value("THG-002").run()
    answer(app, {"water": "rubbish"})
    app.toggle[0].set_value(True).run()
    app.camera_input[0].set_value(("shot.jpg", jpeg((200, 30, 30)), "image/jpeg"))
    app.file_uploader[0].set_value([("bank.jpg", jpeg(), "image/jpeg")])
    app.text_area[0].input("东头有一袋垃圾")
    app = submit(app)
    assert not app.exception and not app.error
    assert "THG-002" in shown(app.success[0].value)
    assert app.info and app.info[0].value == "照片无定位"  # no GPS in these photos
    assert app.segmented_control(key="answer_flow_1").value is None  # the next check starts clean

    history = page_app(monkeypatch, demo_copy, "my_history", "custodian")
    assert not history.exception
    page = texts(history)
    assert "THG-002" in page and "东头有一袋垃圾" in page and "水清：漂浮垃圾" in page
    assert len(history.image) == 1 and len(history.image[0].value) == 2


def test_a_photo_sent_again_is_flagged_as_reused(monkeypatch, demo_copy):
    photo = ("same.jpg", jpeg((10, 10, 250)), "image/jpeg")
    for round_ in range(2):
        app = page_app(monkeypatch, demo_copy, "submit_check", "custodian")
        answer(app)
        app.file_uploader[0].set_value([photo])
        app = submit(app)
    assert not app.exception and "以前已经用过" in app.warning[0].value
    history = page_app(monkeypatch, demo_copy, "my_history", "custodian")
    assert "重复使用的照片" in history.image[0].captions  # the newest check comes first


def test_a_problem_without_its_category_is_an_error_message_and_nothing_is_stored(monkeypatch,
                                                                                  demo_copy):
    app = answer(page_app(monkeypatch, demo_copy, "submit_check", "custodian"), {"banks": None})
    app = submit(app)
    assert not app.exception and not app.success
    assert "岸绿" in app.error[0].value and "问题类别" in app.error[0].value
    assert page_app(monkeypatch, demo_copy, "my_history", "custodian").info[0].value == "还没有巡查记录。"


def test_every_unanswered_question_is_named(monkeypatch, demo_copy):
    app = submit(page_app(monkeypatch, demo_copy, "submit_check", "custodian", "en"))
    assert not app.exception and len(app.error) == len(DIMENSIONS)
    assert "'Flowing' has no answer" in app.error[0].value


def test_a_hostile_note_comes_back_as_literal_text(monkeypatch, demo_copy):
    app = answer(page_app(monkeypatch, demo_copy, "submit_check", "custodian", "en"))
    app.text_area[0].input(HOSTILE)
    assert not submit(app).exception
    history = page_app(monkeypatch, demo_copy, "my_history", "custodian", "en")
    assert [t.value for t in history.text] == [HOSTILE]  # st.text: no markdown, no HTML
    assert not any(HOSTILE in m.value for m in history.markdown)
    assert "Good: Flowing, Clear water" in texts(history)


def _two_pages(username: str) -> None:
    """Runs inside Streamlit: my segments and the check page, navigable as in the app."""
    import streamlit as st
    from sqlalchemy import select

    from watershed.services.common.actors import Actor
    from watershed.store.tables import User
    from watershed.ui.pages.checks import my_segments, submit_check
    from watershed.ui.session import ACTOR, begin
    from watershed.ui.wiring import database

    if ACTOR not in st.session_state:
        with database().read() as session:
            user = session.scalars(select(User).where(User.username == username)).one()
        begin(Actor(user.username, user.role, user.household_id))
    home = st.Page(my_segments.render, url_path="my_segments", default=True)
    page = st.navigation([home, st.Page(submit_check.render, url_path=submit_check.URL_PATH)])
    if st.sidebar.button("back"):  # stands in for the navigation menu, which AppTest cannot tap
        st.switch_page(home)
    page.run()


def test_the_button_on_a_segment_opens_the_check_page_with_that_segment_chosen(monkeypatch,
                                                                              demo_sqlite_url):
    monkeypatch.setenv("WATERSHED_DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", "zh")
    app = AppTest.from_function(_two_pages, args=("custodian",), default_timeout=30).run()
    app.button(key="check_THG-002").click().run()
    assert not app.exception and app.title[0].value == "提交巡查"
    assert app.selectbox(key="check_segment").value == "THG-002"
    app.sidebar.button[0].click().run()
    app.button(key="check_THG-001").click().run()  # a second visit chooses the other segment
    assert not app.exception and app.selectbox(key="check_segment").value == "THG-001"
