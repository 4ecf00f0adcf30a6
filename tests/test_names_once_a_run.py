"""Who made a record is named from the account names read once a run of the page, not once a
name: a table of problems names thousands (watershed.ui.names.who)."""

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from watershed.ui import names

    taken = []
    plain = names._names
    names._names = lambda url: taken.append(1) or {"wang": "王五"}
    try:
        said = [names.who("wang") for _ in range(500)] + [names.who("cli:root"), names.who("zhao")]
    finally:
        names._names = plain
    st.write(f"{said[0]} · {said[-2]} · {said[-1]} · {len(taken)}")


def test_the_names_are_taken_once_a_run_and_again_the_next_run(monkeypatch, tmp_path):
    monkeypatch.setenv("WATERSHED_LANGUAGE", "zh")
    monkeypatch.setenv("WATERSHED_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    app = AppTest.from_function(_page, default_timeout=30).run()
    assert not app.exception
    assert app.markdown[0].value == "王五 · 命令行 · zhao · 1"  # 502 names, one take
    app.run()
    assert app.markdown[0].value.endswith(" · 1")  # the next run takes them afresh, once
