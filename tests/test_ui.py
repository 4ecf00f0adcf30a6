"""The app's first page in Streamlit's AppTest: on the demo basin and on an empty database."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app(monkeypatch, url: str, language: str = "zh") -> AppTest:
    monkeypatch.setenv("WATERSHED_DATABASE_URL", url)
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    return AppTest.from_file(APP, default_timeout=30).run()


def test_the_first_page_shows_the_demo_basin_labelled_synthetic_in_chinese(monkeypatch, demo_sqlite_url):
    app = _app(monkeypatch, demo_sqlite_url)
    assert not app.exception
    assert app.title[0].value == "河渠共治 · 分段包保"
    assert "合成演示数据" in app.warning[0].value
    labels = [m.label for m in app.metric]
    assert labels == ["渠道总长", "河段数", "已包保河段", "住户数"]
    assert "公里" in app.metric[0].value


def test_switching_to_english_shows_english(monkeypatch, demo_sqlite_url):
    app = _app(monkeypatch, demo_sqlite_url)
    app.sidebar.radio[0].set_value("en").run()
    assert app.title[0].value == "Watershed · segment custody"
    assert "synthetic" in app.warning[0].value


def test_an_empty_database_says_how_to_get_data(monkeypatch, tmp_path):
    app = _app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", "en")
    assert not app.exception
    assert "watershed demo" in app.info[0].value
