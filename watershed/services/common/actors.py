"""Who is acting, and the one place where a role is checked."""

import getpass
from dataclasses import dataclass

from watershed.catalogue import text
from watershed.errors import PermissionDenied

ROLES = ("staff", "custodian", "resident", "leader")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    household_id: int | None = None


def command_line_actor() -> Actor:
    """Whoever runs the `watershed` command holds the database file: they act as staff."""
    return Actor(name=f"cli:{getpass.getuser()}", role="staff")


def require_role(actor: Actor, *roles: str, action: str) -> None:
    """Refuse unless the actor has one of `roles`; `action` is a catalogue key naming the deed."""
    if actor.role not in roles:
        raise PermissionDenied("error.permission", who=actor.name, action=text(action))
