"""Rating other households' segments in the open round (群众评群众).

The rules are kept here, whatever page or script asks: only a registered household rates; it
rates only the segments it was offered (never one it keeps); once per segment per round, changed
freely while the round is open; nothing after it closes. Who rated what is written to the audit
log (where staff can look); nothing a custodian can read names a rater.
"""

from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from watershed.catalogue import Phrase
from watershed.domain import rating as rules
from watershed.domain.checks import DIMENSIONS
from watershed.errors import Conflict, InputError, PermissionDenied
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.audit import record
from watershed.services.common.clashes import holding, locking
from watershed.services.common.clock import now, today
from watershed.services.custody.custody import (kept_segment, keepers_query,
                                               segment_and_keepers)
from watershed.services.common.photos import store_photo
from watershed.services.evaluation.rounds import current_round
from watershed.services.common.transaction import reads, writes
from watershed.store.database import insert_or_skip
from watershed.store.tables import (Channel, EvaluationRound, Household, Rating,
                                    RoundOffer, RoundSegment, Segment, Village)

RATERS = ("resident", "custodian")  # households; staff and leaders do not rate (群众评群众)


@dataclass(frozen=True)
class Offer:
    segment_code: str
    channel_code: str
    channel_name: str
    village: str
    length_m: float
    geometry: object  # shapely LineString, EPSG:4326
    stars: dict[str, int] | None  # my rating so far, if any
    comment: str


def _may_rate(actor: Actor) -> None:
    require_role(actor, *RATERS, action="action.rate")
    if actor.household_id is None:
        raise PermissionDenied("rating.not_registered", who=actor.name)


def _rater(session: Session, actor: Actor) -> Household:
    _may_rate(actor)
    household = session.get(Household, actor.household_id)
    if household is None:
        raise PermissionDenied("rating.not_registered", who=actor.name)
    return household


@reads
def my_offers(session: Session, actor: Actor) -> tuple[EvaluationRound | None, list[Offer]]:
    """The open round and the segments my household is offered in it, with my ratings so far."""
    household = _rater(session, actor)
    evaluation = current_round(session)
    if evaluation is None:
        return None, []
    mine = {r.segment_id: r for r in session.scalars(
        select(Rating).where(Rating.round_id == evaluation.id, Rating.household_id == household.id))}
    rows = session.execute(
        select(Segment, Channel.code, Channel.name, Village.name)
        .join(RoundOffer, RoundOffer.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .where(RoundOffer.round_id == evaluation.id, RoundOffer.household_id == household.id)
        .order_by(Segment.code)
    ).all()
    offers = []
    for segment, channel_code, channel, village in rows:
        rated = mine.get(segment.id)
        offers.append(Offer(segment.code, channel_code, channel or "", village or "",
                            segment.length_m, segment.geom,
                            {d: getattr(rated, d) for d in DIMENSIONS} if rated else None,
                            rated.comment if rated else ""))
    return evaluation, offers


def _open_for_rating(evaluation: EvaluationRound | None, day: date) -> EvaluationRound:
    if evaluation is None:
        raise Conflict("rating.no_round")
    if evaluation.status != "open":
        raise Conflict("round.closed", name=evaluation.name)
    if not evaluation.start_date <= day <= evaluation.end_date:
        raise Conflict("rating.outside_dates", name=evaluation.name,
                       start=evaluation.start_date.isoformat(), end=evaluation.end_date.isoformat())
    return evaluation


def _star_problem(name: str, value) -> InputError:
    if name not in DIMENSIONS:
        return InputError("rating.unknown_dimension", dimension=name)
    label = Phrase(f"check.dimension.{name}")
    if value is None:
        return InputError("rating.missing_stars", dimension=label)
    return InputError("rating.bad_stars", dimension=label, value=value)


def _problems(stars: dict, comment: str) -> list[InputError]:
    problems = [_star_problem(name, value) for name, value in rules.star_faults(stars)]
    if len(comment) > rules.MAX_COMMENT:
        problems.append(InputError("rating.comment_too_long", length=len(comment),
                                   maximum=rules.MAX_COMMENT))
    return problems


@writes
def rate(session: Session, actor: Actor, segment_code: str, stars: dict[str, int],
         comment: str = "", *, photo: tuple[str, bytes] | None = None, photo_folder=None,
         day: date | None = None) -> Rating:
    """Rate a segment in the open round, or change my rating of it. `stars` maps each of the five
    dimensions to 1-5; `photo` is an optional (file name, bytes)."""
    _may_rate(actor)
    day = day or today()
    household_id = actor.household_id
    rows = _offer(session, household_id, segment_code)
    if not rows:
        _refuse(session, actor, segment_code, day)
    evaluation = _open_for_rating(rows[0].EvaluationRound, day)
    segment, primary, keepers = segment_and_keepers(rows)
    if household_id in keepers:
        _refuse(session, actor, segment_code, day)
    comment = (comment or "").strip()
    problems = _problems(stars, comment)
    if problems:
        raise InputError(problems[0].key, problems=problems, **problems[0].params)
    path = store_photo(photo[1], photo_folder, name=photo[0]).path if photo else None
    stamp = now()
    values = {**{d: stars[d] for d in DIMENSIONS}, "score": rules.overall(stars), "comment": comment,
              "custodian_household_id": primary, "user_name": actor.name, "updated_at": stamp}
    # The first rating is inserted without asking whether there is one: most ratings are first
    # ones, and asking is a round trip more. The same household's requests for one segment (two
    # windows, a double tap) come one after the other: a second insert waits for the first and
    # skips, and a change holds the rating it changes, so each change starts from the last.
    rating = session.scalars(
        insert_or_skip(session, Rating, "round_id", "segment_id", "household_id")
        .values(round_id=evaluation.id, segment_id=segment.id, household_id=household_id,
                photo_path=path, created_at=stamp, **values).returning(Rating)).first()
    before = None
    if rating is None:
        rating = session.scalars(locking(select(Rating).where(
            Rating.round_id == evaluation.id, Rating.segment_id == segment.id,
            Rating.household_id == household_id))).one()
        before = _state(rating)
        for name, value in values.items():
            setattr(rating, name, value)
        rating.photo_path = path or rating.photo_path
        session.flush()
    # The only record of who rated: staff may read it in the audit log, custodians never.
    record(session, actor, "rating.update" if before else "rating.create", "rating", rating.id,
           before=before, after={"household": rows[0].code, "segment": segment.code,
                                 **_state(rating)})
    return rating


def _offer(session: Session, household_id: int, segment_code: str) -> list:
    """The open round's offer of this segment to this household, read in one round trip with
    what a rating needs: the segment's rows as custody.keepers_query reads them, each with the
    household's `code` and the `EvaluationRound`; none if there is no such offer. The round is
    held until the commit: closing it, which holds it too, waits for the ratings under way, and
    a rating that waited for a close finds no open round."""
    return session.execute(holding(
        keepers_query(segment_code)
        .join(RoundOffer, and_(RoundOffer.segment_id == Segment.id,
                               RoundOffer.household_id == household_id))
        .join(EvaluationRound, and_(EvaluationRound.id == RoundOffer.round_id,
                                    EvaluationRound.status == "open"))
        .join(Household, Household.id == RoundOffer.household_id)
        .add_columns(Household.code, EvaluationRound), of=EvaluationRound)).all()


def _refuse(session: Session, actor: Actor, segment_code: str, day: date) -> NoReturn:
    """Why a household may not rate this segment. Offers are drawn from the round's segments
    when it opens, so an offer already says the round is open, the segment in it and the
    household registered: those are asked only here, of a rating refused."""
    _rater(session, actor)
    evaluation = _open_for_rating(current_round(session), day)
    segment, _, keepers = kept_segment(session, segment_code)
    if session.get(RoundSegment, (evaluation.id, segment.id)) is None:
        raise InputError("rating.not_in_round", segment=segment.code, name=evaluation.name)
    if actor.household_id in keepers:
        raise PermissionDenied("rating.own_segment", segment=segment.code)
    raise PermissionDenied("rating.not_offered", segment=segment.code)


def _state(row: Rating) -> dict:
    return {**{d: getattr(row, d) for d in DIMENSIONS}, "comment": row.comment,
            "photo": row.photo_path}
