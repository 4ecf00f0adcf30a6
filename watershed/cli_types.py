"""argparse types for the numbers the command line needs itself (the number of a record it prints
or looks up again). Quantities are not read here: they go to the services as typed, and the
services read them (watershed.services.common.numbers). A refusal reads as the service's would."""

import argparse

from watershed.errors import InputError
from watershed.services.common.numbers import RECORD_ID, whole


def record_id(field: str):
    """The number of a stored record, e.g. `record_id("field.round_id")`."""

    def read(typed: str) -> int:
        try:
            return whole(typed, field, RECORD_ID)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read
