"""The one catalogue: every sentence in Chinese and English, with the same blanks to fill."""

import pytest

from watershed.catalogue import CATALOGUE, LANGUAGES, placeholders, text
from watershed.errors import InputError


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert placeholders(entry["zh"]) == placeholders(entry["en"])


def test_an_error_reads_in_the_language_asked_for():
    error = InputError("account.short_password", minimum=8)
    assert "密码" in error.message("zh") and "password" in error.message("en")


def test_chinese_is_the_default_language(monkeypatch):
    monkeypatch.delenv("WATERSHED_LANGUAGE", raising=False)
    assert text("ui.language") == "语言"


def test_a_phrase_parameter_is_put_in_the_language_the_sentence_is_read_in():
    from watershed.catalogue import Phrase
    from watershed.errors import InputError

    error = InputError("rating.missing_stars", dimension=Phrase("check.dimension.water"))
    assert "水清" in error.message("zh") and "水清" not in error.message("en")
    assert text("check.dimension.water", "en") in error.message("en")


def test_the_catalogue_has_one_module_per_part_and_merges_them_all():
    from pathlib import Path

    import watershed.catalogue as catalogue
    import watershed.services as services

    parts = {folder.name for folder in Path(services.__path__[0]).iterdir()
             if (folder / "__init__.py").exists()}
    modules = {path.stem for path in Path(catalogue.__path__[0]).glob("*.py")} - {"__init__"}
    assert all(name in parts or name.split("_")[0] in parts for name in modules)
    assert {area.__name__.rsplit(".", 1)[1] for area in catalogue._AREAS} == modules
