"""Use cases: one function per thing a user does. Pages and the CLI call these, nothing deeper."""
