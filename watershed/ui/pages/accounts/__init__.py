"""Pages of the accounts part: Signing in."""
