"""`python -m watershed.cli`: the same as the `watershed` command."""

import sys

from watershed.cli import main

sys.exit(main())
