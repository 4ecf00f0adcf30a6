"""The demo's signboards: the demo staff account supervises every village, under a synthetic name
and an office phone that cannot be dialled (local numbers never start with 0)."""

from sqlalchemy.orm import Session

from watershed.services.common.actors import Actor
from watershed.services.places.villages import villages
from watershed.services.signboards.signboards import set_supervisor

SUPERVISOR = "staff"  # the demo staff account (watershed.demo.load)
NAME = "刘春华（演示）"
PHONE = "0716-0000001"


def seed_signboards(session: Session, actor: Actor) -> None:
    for village in villages(session):
        set_supervisor(session, actor, village, SUPERVISOR, name=NAME, phone=PHONE)
