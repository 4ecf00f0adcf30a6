"""问题台账 (staff acting, the leadership reading) and 问题上报 (custodian and resident on a phone) in
AppTest on a demo copy; the problems layer of the leadership's map, escaped."""

import io
import json
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from types import SimpleNamespace

from tests.factories import STAFF
from tests.test_staff_pages import labelled, position
from tests.test_maps import _OPEN_EVERYTHING, _isolated_page
from tests.pages import page_app, shown
from watershed.catalogue import text
from watershed.domain.problems import ALL_STAGES
from watershed.maps.assets import LEAFLET_DIR, leaflet_present
from watershed.maps.fetch_assets import fetch
from watershed.maps.colourings import PROBLEM_STATES
from watershed.maps.layers import base_map, legend_layer, problems_layer
from watershed.maps.legend import section
from watershed.services.common.clock import today
from watershed.services.problems.figures import (my_problems, problem_figures, problem_queue,
                                                problem_steps, problems_in_view)
from watershed.services.common.actors import Actor
from watershed.store.database import open_database
from watershed.store.tables import User
from watershed.ui.pages.problems.problems import OVERDUE, PICKED, STAGE

HOSTILE = "<img src=x onerror=alert(1)> **粗体**"
HOSTILE_LABELS = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>`${x}`")


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


def account(url: str, username: str) -> Actor:
    with open_database(url).read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
    return Actor(user.username, user.role, user.household_id)


def line(url: str, problem_id: int):
    return next(p for p in problem_queue(open_database(url), STAFF) if p.id == problem_id)


def strings(value):
    """Every string in a JSON value (the map component's arguments)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)


def offered(app) -> list[int]:
    """The problems the picker offers (each option is "#id segment category")."""
    return [int(option.split()[0][1:]) for option in app.selectbox(key=PICKED).options]


def markdown(app) -> str:
    return "\n".join(shown(m.value) for m in (*app.markdown, *app.caption, *app.subheader))


def test_staff_see_the_figures_and_the_queue_and_filter_it_to_the_overdue(demo_copy, monkeypatch):
    figures = problem_figures(open_database(demo_copy), STAFF)
    app = page_app(monkeypatch, demo_copy, "problems", "staff")
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    for stage, count in figures.open_by_stage.items():
        assert metrics[zh(f"problem.stage.{stage}")] == f"{count:,}"
    assert metrics[zh("problems.overdue")] == f"{figures.overdue:,}" and figures.overdue > 0
    queue = app.dataframe[-1].value
    assert len(queue) == figures.total
    app.checkbox[0].check().run()
    overdue = app.dataframe[-1].value
    assert len(overdue) == figures.overdue
    assert set(overdue[zh("staff.column.problem_stage")]) == {zh("problem.stage.assigned")}
    # The demo was escalated when it was loaded: every overdue problem shows its level and target.
    assert all(cell.split(" ")[0] in ("1", "2", "3") and "·" in cell
               for cell in overdue[zh("staff.column.problem_escalation")])
    app.button[0].click().run()  # 逾期升级: the demo was escalated when it was loaded
    assert zh("problems.escalated", count=0) in [s.value for s in app.success]


def test_the_queue_is_sent_a_page_at_a_time_and_offers_the_problems_of_that_page(
        demo_copy, monkeypatch):
    monkeypatch.setattr("watershed.ui.widgets.PAGE_SIZE", 5)
    queue = [p.id for p in problem_queue(open_database(demo_copy), STAFF)]
    assert len(queue) > 10
    app = page_app(monkeypatch, demo_copy, "problems", "staff", "en")
    assert position(app) == (1, -(-len(queue) // 5), len(queue))
    assert app.dataframe[-1].value[text("staff.column.problem_id", "en")].tolist() == queue[:5]
    assert offered(app) == queue[:5]
    app.selectbox(key=PICKED).set_value(queue[1]).run()
    labelled(app.button, "Next page").click().run()
    assert position(app)[0] == 2
    assert app.dataframe[-2].value[text("staff.column.problem_id", "en")].tolist() == \
        queue[5:10]  # the chosen problem's steps are the last table now
    assert offered(app) == queue[5:10] + [queue[1]]  # this page's, and the one chosen
    assert app.selectbox(key=PICKED).value == queue[1]
    assert not app.exception and not app.error


def test_the_queue_s_spreadsheet_holds_every_problem_the_filters_keep(demo_copy):
    from watershed.ui.pages.problems.problems import spreadsheet

    lines = problem_queue(open_database(demo_copy), STAFF)
    data = spreadsheet(lines, "问题台账", "zh")
    sheet = pd.read_excel(io.BytesIO(data))
    assert sheet[zh("staff.column.problem_id")].tolist() == [p.id for p in lines]
    assert set(sheet[zh("staff.column.problem_stage")]) <= {zh(f"problem.stage.{s}")
                                                            for s in ALL_STAGES}


def test_staff_screen_then_assign_a_found_problem_from_the_queue(demo_copy, monkeypatch):
    found = next(p for p in problem_queue(open_database(demo_copy), STAFF) if p.stage == "found")
    app = page_app(monkeypatch, demo_copy, "problems", "staff")
    app.selectbox(key=PICKED).set_value(found.id).run()
    assert f"#{found.id}" in markdown(app)
    app.button(key="FormSubmitter:screen_{}-{}".format(found.id, zh("problems.form.screen"))) \
        .click().run()
    assert not app.exception and line(demo_copy, found.id).stage == "screened"
    assert zh("problems.done.screen", id=found.id) in [s.value for s in app.success]
    form = [w for w in app.text_input if w.label == zh("problems.form.assignee")][0]
    form.input("街道城建办")
    app.button(key="FormSubmitter:assign_{}-{}".format(found.id, zh("problems.form.assign"))) \
        .click().run()
    assert not app.exception
    assigned = line(demo_copy, found.id)
    assert (assigned.stage, assigned.assignee) == ("assigned", "街道城建办")
    assert assigned.deadline == today() + timedelta(days=7)


def test_a_refused_move_is_shown_and_writes_nothing(demo_copy, monkeypatch):
    found = next(p for p in problem_queue(open_database(demo_copy), STAFF) if p.stage == "found")
    app = page_app(monkeypatch, demo_copy, "problems", "staff")
    app.selectbox(key=PICKED).set_value(found.id).run()
    app.button(key="FormSubmitter:dismiss_{}-{}".format(found.id, zh("problems.form.dismiss"))) \
        .click().run()  # no reason given
    assert zh("problem.reason_required", id=found.id) in [shown(e.value) for e in app.error]
    assert line(demo_copy, found.id).stage == "found"


def test_the_leadership_reads_the_queue_and_a_problem_s_steps_but_has_nothing_to_press(
        demo_copy, monkeypatch):
    evaluated = next(p for p in problem_queue(open_database(demo_copy), STAFF)
                     if p.stage == "evaluated")
    app = page_app(monkeypatch, demo_copy, "problems", "leader", "en")
    assert not app.exception and not app.button and app.metric
    assert app.selectbox(key=PICKED).label == text("problems.pick_to_read", "en")  # 查看, no 办理
    app.selectbox(key=PICKED).set_value(evaluated.id).run()
    steps = app.dataframe[-1].value
    assert list(steps[text("staff.column.problem_step", "en")])[-1] == text(
        "problem.step.evaluate", "en")
    assert not app.button and not [b for b in app.get("form")]


def test_the_custodian_handles_what_is_assigned_rates_what_is_closed_and_reports_a_new_one(
        demo_copy, monkeypatch):
    me = account(demo_copy, "custodian")
    mine = my_problems(open_database(demo_copy), me)
    handle, rate = mine.to_handle[0], mine.to_rate[0]
    app = page_app(monkeypatch, demo_copy, "report_problem", "custodian")
    assert not app.exception
    assert app.metric[0].label == zh("problems.my_upkeep")
    assert app.metric[0].value == zh("problems.count_value", count=mine.upkeep_problems)
    app.text_area(key=f"handle_note_{handle.id}_0").input(HOSTILE)
    app.button(key=f"handle_{handle.id}").click().run()
    assert zh("problems.done.handle", id=handle.id) in [s.value for s in app.success]
    assert line(demo_copy, handle.id).stage == "handled"
    steps = problem_steps(open_database(demo_copy), STAFF, handle.id)
    assert steps[-1].note == HOSTILE and steps[-1].user_name == "custodian"
    app.button(key=f"rate_{rate.id}").click().run()  # no stars yet
    assert zh("problems.form.no_stars") in [e.value for e in app.error]
    app.feedback(key=f"rate_stars_{rate.id}_1").set_value(3)
    app.button(key=f"rate_{rate.id}").click().run()
    assert line(demo_copy, rate.id).stars == 4
    app.selectbox(key="report_segment_2").set_value("THG-002")
    app.pills(key="report_category_2").set_value("rubbish")
    app.text_area(key="report_note_2").input(HOSTILE)
    app.button[-1].click().run()
    assert not app.exception
    newest = problem_queue(open_database(demo_copy), STAFF)[0]
    assert (newest.segment_code, newest.category, newest.note, newest.stage) == (
        "THG-002", "rubbish", HOSTILE, "found")
    assert HOSTILE in [t.value for t in app.text]  # typed text shown as it is, never as markdown
    assert my_problems(open_database(demo_copy), me).upkeep_problems == mine.upkeep_problems + 1


def test_the_resident_rates_the_problem_it_reported_and_may_not_report_without_a_category(
        demo_copy, monkeypatch):
    me = account(demo_copy, "resident")
    rate = my_problems(open_database(demo_copy), me).to_rate[0]
    app = page_app(monkeypatch, demo_copy, "report_problem", "resident", "en")
    assert not app.exception and not app.metric  # no upkeep figure: a resident keeps nothing
    app.button[-1].click().run()
    assert text("problems.form.choose", "en") in [e.value for e in app.error]
    app.feedback(key=f"rate_stars_{rate.id}_0").set_value(4)
    app.text_input(key=f"rate_comment_{rate.id}_0").input("很快")
    app.button(key=f"rate_{rate.id}").click().run()
    assert line(demo_copy, rate.id).stars == 5
    assert not my_problems(open_database(demo_copy), me).to_rate


@pytest.mark.parametrize("username", ["staff", "leader"])
def test_the_progress_map_draws_the_open_problems_by_stage_with_a_legend(demo_copy, monkeypatch,
                                                                         username):
    app = page_app(monkeypatch, demo_copy, "progress_map", username)
    assert not app.exception
    script = "\n".join(strings(json.loads(app.get("component_instance")[0].proto.json_args)))
    drawn = problems_in_view(open_database(demo_copy))
    assert drawn and "L.watershedMark(" in script
    first = drawn[0]
    assert zh("problems.map_label", id=first.id, segment=first.segment_code,
              category=zh(f"check.category.{first.category}"),
              stage=zh(f"problem.stage.{first.stage}")) in script
    in_legend = lambda label: json.dumps(label)[1:-1] in script  # noqa: E731 (Jinja's tojson)
    assert in_legend(zh("problems.map_title")) and in_legend(zh("problem.stage.evaluated"))


@pytest.fixture(scope="module")
def leaflet():
    """Leaflet's files, fetched once (`make install` has normally done it already)."""
    fetch()
    assert leaflet_present()
    return LEAFLET_DIR


def test_the_problems_layer_shows_hostile_labels_as_text_and_marks_by_stage(leaflet, chromium,
                                                                            tmp_path):
    rows = [SimpleNamespace(lon=112.07 + 0.001 * i, lat=30.37, stage=stage, label=label)
            for i, (stage, label) in enumerate(zip(("found", "evaluated"), HOSTILE_LABELS))]
    fmap = base_map((30.37, 112.07), 16, "none", assets_url=leaflet.as_uri())
    problems_layer(rows, lambda row: row.label).add_to(fmap)
    sections = [section(HOSTILE_LABELS[1], PROBLEM_STATES, lambda key: HOSTILE_LABELS[0])]
    legend_layer(sections, HOSTILE_LABELS[1]).add_to(fmap)
    page_file = tmp_path / "problems.html"
    fmap.save(str(page_file))
    source = page_file.read_text()
    assert '[[30.37,112.07],0,' in source and '[[30.37,112.071],5,' in source  # found, evaluated
    with _isolated_page(chromium) as (page, seen):
        page.goto(page_file.as_uri())
        page.wait_for_selector(".leaflet-container")
        drawn = page.evaluate(_OPEN_EVERYTHING)
        shapes = page.evaluate("() => Object.values(window[Object.keys(window).find("
                               "k => k.startsWith('map_'))]._layers)"
                               ".filter(l => l.options && l.options.shape).map(l => l.options.shape)")
        legend = page.locator(".watershed-legend").inner_text()
    assert seen["dialogs"] == [] and seen["errors"] == [] and drawn["images"] == 0
    assert sorted(shapes) == ["square", "triangle"]  # found, evaluated
    tooltips = " ".join(drawn["tooltips"])
    assert all(label in tooltips for label in HOSTILE_LABELS)
    assert HOSTILE_LABELS[0] in legend and HOSTILE_LABELS[1] in legend


def test_a_filter_changed_reads_no_problem_again_and_a_write_reads_them_anew(demo_copy, monkeypatch,
                                                                             tmp_path):
    """The queue and its figures are shared (ui.wiring.shared): read once per state of the data
    and day, whoever asks and whichever filter changes; a write makes a new state."""
    import watershed.services.problems.figures as figures

    calls = tmp_path / "calls"  # AppTest runs the page in a thread of its own: count in a file

    def counted(service, mark):
        def counting(*args, **options):
            with calls.open("a") as out:
                out.write(mark)
            return service(*args, **options)
        return counting

    monkeypatch.setattr(figures, "_load", counted(figures._load, "q"))  # the queue's reading
    monkeypatch.setattr(figures, "_closed", counted(figures._closed, "f"))  # the figures'
    found = next(p for p in problem_queue(open_database(demo_copy), STAFF) if p.stage == "found")
    calls.write_text("")
    app = page_app(monkeypatch, demo_copy, "problems", "staff")
    assert not app.exception and calls.read_text() == "fq"
    everything = len(app.dataframe[-1].value)
    app.checkbox(key=OVERDUE).check().run()
    app.selectbox(key=STAGE).set_value("assigned").run()
    assert 0 < len(app.dataframe[-1].value) < everything
    leader = page_app(monkeypatch, demo_copy, "problems", "leader")  # another session and role
    assert not app.exception and not leader.exception and calls.read_text() == "fq"
    app.checkbox(key=OVERDUE).uncheck().run()
    app.selectbox(key=STAGE).set_value(None).run()
    app.selectbox(key=PICKED).set_value(found.id).run()
    app.button(key="FormSubmitter:screen_{}-{}".format(found.id, zh("problems.form.screen"))) \
        .click().run()
    assert not app.exception and line(demo_copy, found.id).stage == "screened"
    assert calls.read_text().startswith("fqfq")  # the screening is a new state: read again
    assert zh("problem.stage.screened") in set(app.dataframe[-1].value[
        zh("staff.column.problem_stage")])
