"""The synthetic demo basin and its history (checks, rounds, campaign, problems, ledgers,
signboards), labelled synthetic wherever it shows. It imports services like any caller; only the
`watershed demo` command (cli/demo.py) and the tests import it, never the product's pages or
services.
"""
