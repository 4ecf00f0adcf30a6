"""Accounts and signing in: users, roles, passwords, lockout and the identity provider's sign-in.

Imported by pages, commands, the demo and other parts through its public modules; imports
common, other parts' public modules and the layers below, never pages or commands.
"""
