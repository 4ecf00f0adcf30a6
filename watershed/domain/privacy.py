"""What of a person's contact may be shown in public (a signboard by the canal, its QR page).

A custodian's phone is written as Chinese notices do, 138****0001: the first three digits (the
carrier) and the last four, never the middle. The mask is always four stars, so it does not tell
how long the number is; a number too short to keep four digits hidden shows no digit at all.
"""

import re
import unicodedata

MASK = "****"
HEAD, TAIL = 3, 4  # digits shown before and after the mask of an 11-digit mobile number
MOBILE_DIGITS = 11
COUNTRY = "86"  # +86 / 0086 before a mobile number is dropped before masking
SEPARATORS = re.compile(r"[/,;，；、]")  # between two numbers in one field: the first is shown


def _digits(phone: str | None) -> str:
    first = SEPARATORS.split(unicodedata.normalize("NFKC", phone or ""))[0]  # full-width digits too
    digits = "".join(ch for ch in first if ch.isascii() and ch.isdigit())
    for prefix in ("00" + COUNTRY, COUNTRY):
        if len(digits) == len(prefix) + MOBILE_DIGITS and digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


def mask_phone(phone: str | None) -> str:
    """The phone as it may be shown in public: 13800000001 -> 138****0001; spaces, dashes and a
    +86 are ignored; a shorter number keeps only its last digits (at most four, at least four
    hidden): 8123456 -> ****456; four digits or fewer -> ****; no digit at all -> ""; of two
    numbers in one field ("13800000001/13900000002") only the first."""
    digits = _digits(phone)
    if not digits:
        return ""
    if len(digits) >= MOBILE_DIGITS:
        return digits[:HEAD] + MASK + digits[-TAIL:]
    shown = min(TAIL, len(digits) - len(MASK))
    return MASK + (digits[-shown:] if shown > 0 else "")
