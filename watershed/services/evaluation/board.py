"""What a closed round says: the red/black board (红黑榜) per village, a custodian's own scores
and comments (never who gave them), the warnings for staff to review, and the peer-score
colouring of the map. Everything here reads the results stored when the round closed.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from watershed.domain import rating as rules
from watershed.errors import Conflict, NotFound
from watershed.services.common.actors import Actor, require_role
from watershed.services.common.numbers import RECORD_ID, whole
from watershed.services.common.transaction import reads
from watershed.services.evaluation.rounds import earlier_rounds
from watershed.store.tables import (Channel, CollusionFlag, Custody, EvaluationRound, Group,
                                    Household, Rating, RoundResult, Segment, Village)


@dataclass(frozen=True)
class BoardLine:
    rank: int | None  # within the village; None: not enough ratings to rank
    segment_code: str
    channel_name: str
    custodian_code: str
    custodian_name: str
    score: float | None
    ci_low: float | None
    ci_high: float | None
    n_ratings: int


@dataclass(frozen=True)
class VillageBoard:
    village: str
    ranked: int  # segments with enough ratings
    red: list[BoardLine]  # the best, best first
    black: list[BoardLine]  # the worst, worst first (none that is also on the red list)
    not_enough: list[BoardLine]  # too few ratings: listed, not ranked


@dataclass(frozen=True)
class Board:
    round_id: int
    round_name: str
    start_date: date
    end_date: date
    closed_at: datetime
    villages: list[VillageBoard]


def _closed(session: Session, round_id) -> EvaluationRound:
    round_id = whole(round_id, "field.round_id", RECORD_ID)
    evaluation = session.get(EvaluationRound, round_id)
    if evaluation is None:
        raise NotFound("round.unknown", id=round_id)
    if evaluation.status != "closed":
        raise Conflict("board.not_closed", name=evaluation.name)
    return evaluation


@reads
def closed_rounds(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every closed round, newest first."""
    return session.execute(select(EvaluationRound.id, EvaluationRound.name)
                           .where(EvaluationRound.status == "closed")
                           .order_by(EvaluationRound.id.desc())).all()


def _in_village(query, village: str | None):
    """`query` kept to the segments of `village` ("" for those of no village; None: all)."""
    if village is None:
        return query
    return query.where(Village.id.is_(None) if village == "" else Village.name == village)


def _result_rows(session: Session, round_id: int, village: str | None = None):
    return session.execute(_in_village(
        select(RoundResult, Segment.code, Channel.name, Village.name, Household.code,
               Household.head_name)
        .join(Segment, RoundResult.segment_id == Segment.id)
        .join(Channel, Segment.channel_id == Channel.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .outerjoin(Household, RoundResult.custodian_household_id == Household.id)
        .where(RoundResult.round_id == round_id), village)
    ).all()


def _villages(session: Session, round_id: int,
              village: str | None = None) -> dict[str, list[BoardLine]]:
    """village -> its segments' lines, ranked ones first and numbered best first (by score, then
    by the lower end of the interval: the surer first, then by code); then the unranked."""
    per_village: dict[str, list[BoardLine]] = {}
    for result, code, channel, village, keeper_code, keeper_name in _result_rows(session, round_id,
                                                                                village):
        per_village.setdefault(village or "", []).append(BoardLine(
            None, code, channel or "", keeper_code or "", keeper_name or "", result.score,
            result.ci_low, result.ci_high, result.n_ratings))
    numbered = {}
    for village, lines in per_village.items():
        ranked = sorted((x for x in lines if x.score is not None),
                        key=lambda x: (-x.score, -x.ci_low, x.segment_code))
        rest = sorted((x for x in lines if x.score is None), key=lambda x: x.segment_code)
        numbered[village] = [replace(x, rank=n) for n, x in enumerate(ranked, 1)] + rest
    return numbered


def _round_villages(session: Session, round_id: int, *where) -> list[str]:
    """The villages of a round's results that meet `where` ("" for segments of no village)."""
    return session.scalars(
        select(func.coalesce(Village.name, "")).distinct().select_from(RoundResult)
        .join(Segment, RoundResult.segment_id == Segment.id)
        .outerjoin(Village, Segment.village_id == Village.id)
        .where(RoundResult.round_id == round_id, *where)).all()


@reads
def board_villages(session: Session, actor: Actor, round_id) -> tuple[list[str], str | None]:
    """(the villages on the board of a closed round, in order, "" for segments of no village;
    the actor's own village if it is one of them): a page shows one village's board at a time,
    for a district's board has hundreds."""
    evaluation = _closed(session, round_id)
    names = _round_villages(session, evaluation.id)
    own = None
    if actor.household_id is not None:
        own = session.scalar(select(Village.name).join(Group, Group.village_id == Village.id)
                             .join(Household, Household.group_id == Group.id)
                             .where(Household.id == actor.household_id))
    return sorted(names), own if own in names else None


@reads
def board(session: Session, actor: Actor, round_id, size=rules.BOARD_SIZE,
          village: str | None = None) -> Board:
    """The red/black board of a closed round, village by village (anyone logged in may read it:
    it is posted in the village); `size` best and worst, as typed or as a number; `village`: that
    village's board only ("" for the segments of no village)."""
    size = whole(size, "field.board_size", rules.BOARD_SIZES)
    evaluation = _closed(session, round_id)
    villages = []
    for village, lines in sorted(_villages(session, evaluation.id, village).items()):
        ranked = [x for x in lines if x.rank is not None]
        red = ranked[:size]
        black = [x for x in reversed(ranked) if x not in red][:size]
        villages.append(VillageBoard(village, len(ranked), red, black,
                                     [x for x in lines if x.rank is None]))
    return Board(evaluation.id, evaluation.name, evaluation.start_date, evaluation.end_date,
                 evaluation.closed_at, villages)


@dataclass(frozen=True)
class ScoreLine:
    round_id: int
    round_name: str
    end_date: date
    segment_code: str
    score: float | None  # None: not enough ratings
    ci_low: float | None
    ci_high: float | None
    n_ratings: int
    rank: int | None  # in the village
    ranked_in_village: int
    history_rounds: int = 0  # earlier closed rounds whose raters' habits the score read


@dataclass(frozen=True)
class CommentLine:
    round_name: str
    segment_code: str
    score: float  # of that one rating
    comment: str


@reads
def my_scores(session: Session, actor: Actor) -> tuple[list[ScoreLine], list[CommentLine]]:
    """My household's segments' results in every closed round (oldest first, for a trend) and
    the comments raters left on them. No rater is named, or can be told from the order."""
    require_role(actor, "custodian", action="action.view_my_scores")
    household = session.get(Household, actor.household_id) if actor.household_id else None
    if household is None:
        return [], []
    mine = household.code
    rounds = session.scalars(select(EvaluationRound).where(EvaluationRound.status == "closed")
                             .order_by(EvaluationRound.end_date, EvaluationRound.id)).all()
    lines = []
    for evaluation in rounds:
        history = len(earlier_rounds(session, evaluation))
        # Only the villages my segments are in are ranked: a district has hundreds.
        for name in sorted(_round_villages(session, evaluation.id,
                                           RoundResult.custodian_household_id == household.id)):
            for village in _villages(session, evaluation.id, name).values():
                of = sum(x.rank is not None for x in village)
                lines.extend(ScoreLine(evaluation.id, evaluation.name, evaluation.end_date,
                                       x.segment_code, x.score, x.ci_low, x.ci_high, x.n_ratings,
                                       x.rank, of, history)
                             for x in village if x.custodian_code == mine)
    comments = session.execute(
        select(EvaluationRound.name, Segment.code, Rating.score, Rating.comment)
        .join(EvaluationRound, Rating.round_id == EvaluationRound.id)
        .join(Segment, Rating.segment_id == Segment.id)
        .where(EvaluationRound.status == "closed", Rating.comment != "",
               Rating.custodian_household_id == actor.household_id,
               # A rating's keeper kept its segment then: by the index on the segment, not a
               # read of every rating of the district (2 s at 100x).
               Rating.segment_id.in_(select(Custody.segment_id)
                                     .where(Custody.household_id == actor.household_id)))
        # By segment and text, not by time or id: the order must not hint at who wrote what.
        .order_by(EvaluationRound.end_date.desc(), Segment.code, Rating.comment)
    ).all()
    return lines, [CommentLine(*row) for row in comments]


@reads
def collusion_review(session: Session, actor: Actor, round_id: int) -> list[dict]:
    """The warnings of a closed round, for staff to look into: the two households, why, and how
    the first rated the second's segments against everyone else (staff only)."""
    require_role(actor, "staff", action="action.review_ratings")
    round_id = _closed(session, round_id).id
    a, b = aliased(Household), aliased(Household)
    rows = session.execute(
        select(CollusionFlag.reason, a.id, a.code, a.head_name, b.id, b.code, b.head_name)
        .join(a, CollusionFlag.rater_a == a.id).join(b, CollusionFlag.rater_b == b.id)
        .where(CollusionFlag.round_id == round_id)
        .order_by(CollusionFlag.reason, a.code, b.code)
    ).all()
    out = []
    for reason, a_id, a_code, a_name, b_id, b_code, b_name in rows:
        given = session.scalar(select(func.avg(Rating.score)).where(
            Rating.round_id == round_id, Rating.household_id == a_id,
            Rating.custodian_household_id == b_id))
        out.append({"reason": reason, "rater_a_code": a_code, "rater_a_name": a_name,
                    "rater_b_code": b_code, "rater_b_name": b_name,
                    "a_gave_b": None if given is None else round(float(given), 2)})
    return out


@reads
def peer_scores(session: Session, segment_ids=None) -> dict[int, float | None]:
    """segment id -> its score in the latest closed round (None: too few ratings); segments not
    in that round are absent. `segment_ids` limits the answer to those segments."""
    latest = session.scalar(select(EvaluationRound.id).where(EvaluationRound.status == "closed")
                            .order_by(EvaluationRound.end_date.desc(), EvaluationRound.id.desc()))
    if latest is None:
        return {}
    query = select(RoundResult.segment_id, RoundResult.score).where(RoundResult.round_id == latest)
    if segment_ids is not None:
        query = query.where(RoundResult.segment_id.in_(segment_ids))
    return dict(session.execute(query).all())
