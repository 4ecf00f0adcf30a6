"""Who is acting, and the one place where a role is checked."""

import getpass
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from watershed.catalogue import text
from watershed.errors import PermissionDenied
from watershed.services.common.transaction import reads
from watershed.store.tables import Household, User

ROLES = ("staff", "custodian", "resident", "leader")
COMMAND_LINE = "cli:"  # how the records made by the `watershed` command name their actor


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    household_id: int | None = None


def command_line_actor() -> Actor:
    """Whoever runs the `watershed` command holds the database file: they act as staff."""
    return Actor(name=f"{COMMAND_LINE}{getpass.getuser()}", role="staff")


@reads
def display_names(session: Session) -> dict[str, str]:
    """username -> the name a record shows for what that account did: the account's display
    name, else the head of its household. Accounts with neither are left out."""
    rows = session.execute(select(User.username, User.display_name, Household.head_name)
                           .outerjoin(Household, User.household_id == Household.id))
    return {username: shown or head for username, shown, head in rows if shown or head}


def shown_name(stored: str, names: Mapping[str, str], lang: str | None = None) -> str:
    """Who made a record, as people read it: 命令行 for the command line (whoever ran it), a
    person's name (`names` from display_names), else the name as stored."""
    if stored.startswith(COMMAND_LINE):
        return text("actor.command_line", lang)
    return names.get(stored) or stored


def require_role(actor: Actor, *roles: str, action: str) -> None:
    """Refuse unless the actor has one of `roles`; `action` is a catalogue key naming the deed."""
    if actor.role not in roles:
        raise PermissionDenied("error.permission", who=actor.name, action=text(action))
