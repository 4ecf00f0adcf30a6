"""`watershed users add`, `users password` and `users unlock`: an account, a new password for
one (which logs it out everywhere; typed twice or read from stdin), or an end to the waits after
wrong passwords."""

import getpass
import sys

from watershed.catalogue import text
from watershed.cli.common import database, say
from watershed.errors import InputError
from watershed.services.accounts import auth
from watershed.services.accounts import users as accounts
from watershed.services.common.actors import ROLES, command_line_actor


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(text("cli.password_prompt"))
    if getpass.getpass(text("cli.password_again")) != first:
        raise InputError("cli.password_mismatch")
    return first


def cmd_users_add(args) -> None:
    user = accounts.add_user(database(args), command_line_actor(), args.name, args.role,
                             _password(args), args.household)
    say("cli.user_added", username=user.username, role=user.role)


def cmd_users_password(args) -> None:
    ended = accounts.change_password(database(args), command_line_actor(), args.name,
                                     _password(args))
    say("cli.password_changed", username=args.name, ended=ended)


def cmd_users_unlock(args) -> None:
    waiting = auth.unlock(database(args), command_line_actor(), args.name)
    say("cli.user_unlocked", username=args.name, waiting=waiting)


def add_commands(commands, common) -> None:
    users = commands.add_parser("users", help="user accounts")
    users_commands = users.add_subparsers(dest="users_command", required=True, metavar="COMMAND")
    add = users_commands.add_parser("add", parents=[common], help="create an account")
    add.set_defaults(handler=cmd_users_add)
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--household", metavar="CODE", help="household of a custodian or resident")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    password = users_commands.add_parser("password", parents=[common],
                                         help="set a new password (ends the account's logins)")
    password.set_defaults(handler=cmd_users_password)
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    unlock = users_commands.add_parser(
        "unlock", parents=[common], help="let an account log in again at once after wrong passwords")
    unlock.set_defaults(handler=cmd_users_unlock)
    unlock.add_argument("name")
