"""A page's sentences are in the language of its run, which is looked up once a run, not once a
sentence; the next run after a change of language speaks the new one."""

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from watershed import config
    from watershed.ui.text import t

    looked_up = []
    plain = config.language
    config.language = lambda: looked_up.append(1) or plain()
    try:
        said = [t("ui.language") for _ in range(500)]
    finally:
        config.language = plain
    st.write(f"{said[-1]} · {len(set(said))} · {len(looked_up)}")


def test_the_language_is_looked_up_once_a_run_and_followed_from_the_next_run(monkeypatch):
    monkeypatch.setenv("WATERSHED_LANGUAGE", "zh")
    app = AppTest.from_function(_page, default_timeout=30).run()
    assert not app.exception
    chinese = app.markdown[0].value
    assert chinese.endswith(" · 1 · 1")  # 500 sentences, one look-up
    app.session_state["language"] = "en"
    app.run()
    assert app.markdown[0].value.endswith(" · 1 · 0")  # the session says it: no fallback
    assert app.markdown[0].value.startswith("Language") and chinese.startswith("语言")
    app.run()  # a rerun changes nothing
    assert app.markdown[0].value.endswith(" · 1 · 0")
