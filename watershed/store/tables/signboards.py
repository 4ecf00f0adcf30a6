"""Signboards (公示牌, migration 0008): the staff account supervising each village's segments."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from watershed.store.tables.base import Base


class VillageSupervisor(Base):
    """A staff account named as the supervisor of a village's segments (on its signboards), from
    `set_at`; the village's latest row is the current one. Never edited: a change is a new row.
    (A table of its own rather than villages.supervisor_id: that column would close a cycle of
    keys villages → users → households → groups → villages, and tables could not be sorted.)"""

    __tablename__ = "village_supervisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
