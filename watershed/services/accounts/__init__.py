"""Accounts and signing in: users, roles, passwords, lockout and the identity provider's sign-in."""
