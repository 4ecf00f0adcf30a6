"""The tables, one module per part, the parts named as in watershed/services/. Names follow the
vocabulary of DESIGN.md.

Nothing users entered is deleted: custody ends (end_date), segments are retired when a channel is
re-cut (retired_at), and every write leaves a row in audit_log.

Import the models from here (`from watershed.store.tables import Household`): this package is
the one import path for them; the part modules (base, places, geometry, …) are only where each
model is defined. Importing it imports every part module, so `Base.metadata` holds every table
(Alembic's migrations/env.py and the backup read it) and the relationship() names between parts
resolve.

The tables import nothing from watershed but watershed.store (the Geometry column type of
watershed.store.geometry); the rules in watershed.domain are named in comments, never imported.
"""

from watershed.store.tables.base import BBoxMixin, Base
from watershed.store.tables.places import Basin, Group, Household, Village
from watershed.store.tables.geometry import Channel, Segment, Source
from watershed.store.tables.custody import Custody
from watershed.store.tables.accounts import LoginSession, LoginThrottle, User
from watershed.store.tables.common import AuditChain, AuditEntry
from watershed.store.tables.checks import Check, CheckPhoto
from watershed.store.tables.evaluation import (CollusionFlag, EvaluationRound, Rating, RoundOffer,
                                               RoundResult, RoundSegment)
from watershed.store.tables.campaign import Acceptance, Campaign, Pond, ProgressEntry, Work
from watershed.store.tables.ledgers import (Contribution, DistributedIncome, Distribution, Income,
                                            Share)
from watershed.store.tables.problems import Problem, ProblemPhoto, ProblemStep
from watershed.store.tables.signboards import VillageSupervisor

__all__ = [
    # base
    "Base", "BBoxMixin",
    # places
    "Basin", "Village", "Group", "Household",
    # geometry
    "Channel", "Source", "Segment",
    # custody
    "Custody",
    # accounts
    "User", "LoginSession", "LoginThrottle",
    # common
    "AuditEntry", "AuditChain",
    # checks
    "Check", "CheckPhoto",
    # evaluation
    "EvaluationRound", "RoundSegment", "RoundOffer", "Rating", "RoundResult", "CollusionFlag",
    # campaign
    "Campaign", "Work", "ProgressEntry", "Acceptance", "Pond",
    # ledgers
    "Contribution", "Income", "Distribution", "DistributedIncome", "Share",
    # problems
    "Problem", "ProblemStep", "ProblemPhoto",
    # signboards
    "VillageSupervisor",
]
