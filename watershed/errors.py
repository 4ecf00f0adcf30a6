"""The errors a user can cause. Anything else that escapes a service is a bug.

Each error carries a catalogue key and its parameters, so the same refusal reads in Chinese on a
page and in English in a log, and a test can check which refusal it was without parsing prose.
"""

from watershed.catalogue import text


class WatershedError(Exception):
    """Something a user asked for that cannot be done; the message says why and what to do."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class InputError(WatershedError):
    """A file, a row or an argument that cannot be used as it is.

    `problems` holds every problem found (each a WatershedError), so a page can list them all;
    the message itself names the first and says how many more there are.
    """

    def __init__(self, key: str, /, problems: list["WatershedError"] | None = None, **params):
        super().__init__(key, **params)
        self.problems = problems or []

    def __str__(self) -> str:
        first = self.message()
        if len(self.problems) > 1:
            return first + text("error.and_more", None, count=len(self.problems) - 1)
        return first


class PermissionDenied(WatershedError):
    """The actor's role or household does not allow this."""


class NotFound(WatershedError):
    """A code or name that names nothing."""


class Conflict(WatershedError):
    """The request clashes with what is already recorded."""
