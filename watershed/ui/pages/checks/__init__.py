"""Pages of the checks part: Submitting a check, a custodian's history, the staff's checks, the progress map."""
