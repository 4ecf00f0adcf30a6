"""`streamlit run` at the tests' clock: the browser journeys serve the app from another process,
which must count days from the same moment as the test that built its database.

    python tests/pinned_server.py <ISO moment> run app.py [streamlit options]
"""

import sys
from datetime import datetime

import time_machine

if __name__ == "__main__":
    time_machine.travel(datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
    from streamlit.web.cli import main

    sys.exit(main(prog_name="streamlit"))
