"""The synthetic demo basin and its history (checks, rounds, campaign, problems, ledgers,
signboards), labelled synthetic wherever it shows. Only the `watershed demo` command, the login
page's demo hint and the tests import it."""
