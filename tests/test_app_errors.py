"""What a person sees when the app fails: a sentence in their language, never a traceback with
the server's paths (Streamlit's own error box is switched off in .streamlit/config.toml)."""

import tomllib
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from watershed.errors import Conflict

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def test_streamlit_shows_no_error_details_in_the_browser():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"
    # The option exists under this name in the installed Streamlit, and "none" is one of its values.
    option = streamlit_config.get_config_options()["client.showErrorDetails"]
    assert '"none"' in option.description


def _failing_app(monkeypatch, tmp_path, language: str, error: Exception) -> AppTest:
    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setenv("WATERSHED_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("WATERSHED_LANGUAGE", language)
    monkeypatch.setattr("watershed.ui.main.apply_style", fail)
    return AppTest.from_file(APP, default_timeout=30).run()


@pytest.mark.parametrize("language, sentence", [("zh", "出了一个意外的错误"),
                                                ("en", "Something unexpected went wrong")])
def test_an_unexpected_error_is_a_plain_sentence_with_no_traceback(monkeypatch, tmp_path,
                                                                    language, sentence):
    app = _failing_app(monkeypatch, tmp_path, language,
                       RuntimeError('File "/srv/watershed/secret.py", line 1'))
    assert not app.exception
    [shown] = app.error
    assert sentence in shown.value
    assert "secret.py" not in shown.value and "Traceback" not in shown.value


def test_a_refusal_no_page_caught_is_still_its_message(monkeypatch, tmp_path):
    app = _failing_app(monkeypatch, tmp_path, "en", Conflict("clash.any"))
    assert not app.exception
    assert "someone else changed the same record" in app.error[0].value
