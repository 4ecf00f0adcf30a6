"""One catalogue for every sentence a person reads: page labels, CLI output, error messages.

Chinese (zh) first, English (en) available. The entries are kept in one module per part, named as
the parts of watershed/services are (accounts.py, places.py, ... backup.py; campaign_files.py holds
the campaign's progress file and weekly report, geometry_network.py the network check,
geometry_files.py a geometry file as it is read), and
common.py holds what the parts share. Each module's ENTRIES maps a key to {"zh": ..., "en": ...};
they are merged into one table here, which refuses a key defined twice, and a test checks that
every entry has both languages with the same placeholders.

The package imports nothing from watershed but watershed.config (the configured language, read
when a sentence is asked for), so that every layer may use it.
"""

import string

from watershed.catalogue import (accounts, backup, campaign, campaign_files, checks, common,
                                 custody, evaluation, geometry, geometry_files, geometry_network,
                                 ledgers, places, problems, signboards)

LANGUAGES = ("zh", "en")

_AREAS = (common, accounts, places, geometry, geometry_files, geometry_network, custody, checks,
          evaluation, campaign, campaign_files, problems, ledgers, signboards, backup)


def _merge() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for area in _AREAS:
        for key, entry in area.ENTRIES.items():
            if key in table:
                raise RuntimeError(f"catalogue key {key!r} is defined twice ({area.__name__})")
            table[key] = entry
    return table


CATALOGUE = _merge()


def current_language() -> str:
    from watershed.config import language

    return language()


class Phrase(str):
    """A catalogue key passed as a parameter (e.g. the name of a dimension in an error): it is
    put into the sentence in the sentence's own language, whenever that is read."""


def text(key: str, lang: str | None = None, /, **params) -> str:
    """The sentence for `key` in `lang` (default: the configured language), filled with params."""
    lang = lang or current_language()
    filled = {name: text(value, lang) if isinstance(value, Phrase) else value
              for name, value in params.items()}
    return CATALOGUE[key][lang].format(**filled)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
