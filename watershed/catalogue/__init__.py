"""One catalogue for every sentence a person reads: page labels, CLI output, error messages.

Chinese (zh) first, English (en) available. Each area of the program keeps its entries in its own
module here; they are merged into one table, and a test checks that every entry has both languages
and that no key is defined twice.
"""

import string

from watershed.catalogue import (accounts, auth, backup, campaign, campaign_cli, checks, cli,
                                 custody, errors, evaluation, geo, households, imports, ledgers,
                                 maps, numbers, ponds, problems, segments, signboards, ui, ui_board,
                                 ui_campaign, ui_custodian, ui_leader, ui_ledgers, ui_problems,
                                 ui_rating, ui_staff)

LANGUAGES = ("zh", "en")

_AREAS = (errors, geo, households, imports, segments, custody, checks, accounts, auth, maps, cli,
          evaluation, ponds, campaign, campaign_cli, ui, ui_staff, ui_custodian, ui_leader,
          ui_rating, ui_board, ui_campaign, problems, ui_problems, ledgers, ui_ledgers, signboards,
          backup, numbers)


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
