"""The problem loop in a real Chromium: the custodian's check reports rubbish on THG-001; staff
screen it on 问题台账 and assign it to the custodian's household; the custodian records the
handling on 问题上报; staff accept it; the custodian, who reported it, rates it four stars."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser import go_to, logged_in, open_problem, served_demo_copy, wait_for_app
from tests.factories import STAFF
from tests.test_journeys_browser import tap
from watershed.catalogue import text
from watershed.domain.checks import DIMENSIONS
from watershed.services.problems.figures import problem_queue, problem_steps
from watershed.store.tables import Household, User

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

SEGMENT = "THG-001"
HANDLING = "垃圾已捞干净，<b>袋子</b>已运走"


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


@pytest.fixture(scope="module")
def problem_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("problems")) as app:
        yield app


def custodian_household(db) -> str:
    with db.read() as session:
        return session.scalar(select(Household.code).join(User, User.household_id == Household.id)
                              .where(User.username == "custodian"))


def pick(page, problem_id: int) -> None:
    """Open problem `problem_id` on 问题台账."""
    open_problem(page, f"#{problem_id} ", page.get_by_role("heading", name=f"问题 #{problem_id}"))


def press(page, key: str, **params) -> None:
    """Press a form's button; the page then says it is done."""
    page.get_by_role("button", name=zh(key), exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(zh(params.pop("done"), **params)).first).to_be_visible()


def test_a_checked_problem_is_screened_assigned_handled_accepted_and_rated(problem_app, chromium):
    before = {line.id for line in problem_queue(problem_app.db, STAFF)}
    page, dialogs = logged_in(chromium, problem_app.address, "custodian")
    go_to(page, zh("ui.page.submit_check"))
    for dimension in DIMENSIONS:
        answer = "problem" if dimension == "water" else "good"
        tap(page, page.locator(f".st-key-answer_{dimension}_0")
            .get_by_role("radio", name=zh(f"ui.custodian.answer.{answer}")))
    tap(page, page.locator(".st-key-category_water_0")
        .get_by_role("radio", name=zh("check.category.rubbish")))
    page.get_by_role("button", name=zh("ui.custodian.submit")).click()
    wait_for_app(page)
    expect(page.get_by_text(zh("check.submitted", segment=SEGMENT))).to_be_visible()
    page.close()
    [new] = [line for line in problem_queue(problem_app.db, STAFF) if line.id not in before]
    assert (new.segment_code, new.category, new.stage) == (SEGMENT, "rubbish", "found")

    page, dialogs = logged_in(chromium, problem_app.address, "staff")
    go_to(page, zh("problems.title"))
    pick(page, new.id)
    press(page, "problems.form.screen", done="problems.done.screen", id=new.id)
    page.get_by_role("textbox", name=zh("problems.form.household")).fill(
        custodian_household(problem_app.db))
    press(page, "problems.form.assign", done="problems.done.assign", id=new.id)
    assert dialogs == []
    page.close()

    page, dialogs = logged_in(chromium, problem_app.address, "custodian")
    go_to(page, zh("problems.page_title"))
    page.locator(f".st-key-handle_note_{new.id}_0 textarea").fill(HANDLING)
    page.locator(f".st-key-handle_{new.id} button").click()
    wait_for_app(page)
    expect(page.get_by_text(zh("problems.done.handle", id=new.id))).to_be_visible()
    page.close()

    page, dialogs = logged_in(chromium, problem_app.address, "staff")
    go_to(page, zh("problems.title"))
    pick(page, new.id)
    expect(page.get_by_text(zh("problem.stage.handled"), exact=False).first).to_be_visible()
    press(page, "problems.form.accept", done="problems.done.accept", id=new.id)
    page.close()

    page, dialogs = logged_in(chromium, problem_app.address, "custodian")
    go_to(page, zh("problems.page_title"))
    page.locator(f".st-key-rate_stars_{new.id}_0 button").nth(3).click()  # the fourth star
    page.locator(f".st-key-rate_{new.id} button").click()
    wait_for_app(page)
    expect(page.get_by_text(zh("problems.done.evaluate", id=new.id))).to_be_visible()
    assert dialogs == []
    page.close()

    done = next(line for line in problem_queue(problem_app.db, STAFF) if line.id == new.id)
    assert (done.stage, done.stars) == ("evaluated", 4)
    steps = problem_steps(problem_app.db, STAFF, new.id)
    assert [s.action for s in steps] == ["report", "screen", "assign", "handle", "accept",
                                         "evaluate"]
    assert [s.user_name for s in steps] == ["custodian", "staff", "staff", "custodian", "staff",
                                            "custodian"]
    assert steps[3].note == HANDLING
