"""Custodian checks: who may submit, what is refused, photos, on-site evidence, due dates, export."""

from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.factories import RESIDENT, STAFF, channels_file, households_file
from watershed.domain.checks import DIMENSIONS
from watershed.errors import InputError, NotFound, PermissionDenied
from watershed.services.common import photos as photo_service
from watershed.services.common.actors import Actor
from watershed.services.checks.checks import (
    check_history,
    export_checks,
    my_segments,
    overdue_custodians,
    submit_check,
)
from watershed.services.custody.custody import assign, end_custody
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.common.photos import exif_facts, photo_path, store_photo
from watershed.services.geometry.segmenting import segment_channels
from watershed.store.tables import AuditEntry, Check, CheckPhoto, Household, Segment

LEADER = Actor("test-leader", "leader")
GOOD = dict.fromkeys(DIMENSIONS, "good")
START = date(2025, 1, 1)  # custody begins; every check below is made in the past


def jpeg(colour=(40, 120, 200), *, lon=None, lat=None, taken: datetime | None = None,
         kind="JPEG") -> bytes:
    """A real little photo, with EXIF GPS and a Beijing-time DateTimeOriginal when asked."""
    exif = Image.Exif()
    if lon is not None:
        exif[0x8825] = {1: "N" if lat >= 0 else "S", 2: _dms(lat),
                        3: "E" if lon >= 0 else "W", 4: _dms(lon)}
    if taken is not None:
        local = taken + timedelta(hours=8)
        exif.get_ifd(0x8769)[0x9003] = local.strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(0x8769)[0x9011] = "+08:00"
    out = BytesIO()
    Image.new("RGB", (32, 24), colour).save(out, kind, exif=exif)
    return out.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees, rest = divmod(value * 3600, 3600)
    minutes, seconds = divmod(rest, 60)
    return (degrees, minutes, round(seconds, 4))


@pytest.fixture
def basin(db, tmp_path):
    """ZQ-001 (along 30.37°N from 112.070 to 112.072) kept by H-001, with H-002 as deputy;
    ZQ-002 kept by H-002; ZQ-003 open."""
    import_layer(db, STAFF, "channels", channels_file(tmp_path))
    import_households(db, STAFF, households_file(tmp_path))
    segment_channels(db, STAFF)
    assign(db, STAFF, "ZQ-001", "H-001", start=START)
    assign(db, STAFF, "ZQ-001", "H-002", role="deputy", start=START)
    assign(db, STAFF, "ZQ-002", "H-002", start=START)
    return db


def custodian(db, code: str) -> Actor:
    with db.read() as session:
        household_id = session.scalar(select(Household.id).where(Household.code == code))
    return Actor(f"custodian-{code}", "custodian", household_id=household_id)


def count(db, table) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_a_custodian_submits_a_check_of_their_own_segment(basin, tmp_path):
    me = custodian(basin, "H-001")
    answers = {**GOOD, "water": "problem"}
    check = submit_check(basin, me, "ZQ-001", answers, {"water": "rubbish", "flow": "blockage"},
                         note="  塑料袋很多  ", photo_folder=tmp_path / "photos")
    assert (check.water, check.flow, check.problems) == ("problem", "good", {"water": "rubbish"})
    assert check.note == "塑料袋很多" and check.user_name == me.name
    assert check.household_id == me.household_id and check.on_site is None
    with basin.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "check.submit")).one()
    assert audit.actor == me.name and audit.after["segment"] == "ZQ-001"


def test_a_deputy_may_check_and_staff_may_check_on_behalf_of_the_keeper(basin, tmp_path):
    deputy = custodian(basin, "H-002")
    assert submit_check(basin, deputy, "ZQ-001", GOOD, {}).household_id == deputy.household_id
    keeper = custodian(basin, "H-001").household_id
    assert submit_check(basin, STAFF, "ZQ-001", GOOD, {}).household_id == keeper
    assert submit_check(basin, STAFF, "ZQ-003", GOOD, {}).household_id is None  # nobody keeps it


def test_a_custodian_cannot_check_another_households_segment_nor_one_no_longer_kept(basin):
    me = custodian(basin, "H-001")
    with pytest.raises(PermissionDenied) as refused:
        submit_check(basin, me, "ZQ-002", GOOD, {})
    assert refused.value.key == "check.not_your_segment" and "ZQ-002" in str(refused.value)
    end_custody(basin, STAFF, "ZQ-001", end=date(2025, 6, 30))
    with pytest.raises(PermissionDenied):
        submit_check(basin, me, "ZQ-001", GOOD, {})
    with pytest.raises(PermissionDenied):
        submit_check(basin, Actor("nobody", "custodian"), "ZQ-001", GOOD, {})
    assert count(basin, Check) == 0


def test_residents_and_leaders_cannot_submit_checks(basin):
    for actor in (RESIDENT, LEADER):
        with pytest.raises(PermissionDenied):
            submit_check(basin, actor, "ZQ-001", GOOD, {})
    with pytest.raises(NotFound):
        submit_check(basin, STAFF, "ZQ-999", GOOD, {})


def test_bad_answers_are_all_named_and_nothing_is_written(basin, tmp_path):
    me = custodian(basin, "H-001")
    folder = tmp_path / "photos"
    answers = {**GOOD, "flow": "problem", "water": "bad"}
    del answers["harmony"]
    audit_before = count(basin, AuditEntry)
    with pytest.raises(InputError) as refused:
        submit_check(basin, me, "ZQ-001", answers, {}, note="x" * 1001,
                     photos=[("a.jpg", jpeg()), ("notes.txt", b"not a photo")],
                     photo_folder=folder)
    assert [p.key for p in refused.value.problems] == [
        "check.no_category", "check.bad_answer", "check.missing_answer", "check.note_too_long",
        "photo.not_image"]
    assert "notes.txt" in refused.value.problems[-1].message("en")
    assert count(basin, Check) == count(basin, CheckPhoto) == 0
    assert count(basin, AuditEntry) == audit_before
    assert not folder.exists()
    with pytest.raises(InputError) as unknown:
        submit_check(basin, me, "ZQ-001", {**GOOD, "problem": "bad"}, {})
    assert unknown.value.key == "check.unknown_dimension"
    with pytest.raises(InputError):
        submit_check(basin, me, "ZQ-001", {**GOOD, "banks": "problem"}, {"banks": "aliens"})
    with pytest.raises(InputError) as future:
        submit_check(basin, me, "ZQ-001", GOOD, {}, at=datetime.now(timezone.utc) + timedelta(days=1))
    assert future.value.key == "check.in_future"


def test_a_photo_is_stored_once_by_its_hash_and_its_reuse_is_flagged(basin, tmp_path):
    me = custodian(basin, "H-001")
    folder = tmp_path / "photos"
    photo = jpeg()
    first = submit_check(basin, me, "ZQ-001", GOOD, {}, photos=[("IMG_1.jpg", photo)],
                         photo_folder=folder)
    again = submit_check(basin, me, "ZQ-001", GOOD, {},
                         photos=[("IMG_1.jpg", photo), ("IMG_1 copy.jpg", photo),
                                 ("IMG_2.png", jpeg((1, 2, 3), kind="PNG"))],
                         photo_folder=folder)
    assert [p.reused for p in first.photos] == [False]
    assert [(p.reused, p.path[-4:]) for p in again.photos] == [(True, ".jpg"), (False, ".png")]
    assert again.photos[0].path == first.photos[0].path
    assert photo_path(first.photos[0].path, folder).read_bytes() == photo
    assert len([f for f in folder.rglob("*") if f.is_file()]) == 2


def test_storing_the_same_bytes_twice_never_rewrites_the_file(tmp_path):
    photo = jpeg()
    first = store_photo(photo, tmp_path, name="a.jpg")
    stored = tmp_path / first.path
    stamp = stored.stat().st_mtime_ns
    second = store_photo(photo, tmp_path, name="b.jpg")
    assert (first.reused_before, second.reused_before) == (False, True)
    assert second.path == first.path == f"{first.sha256[:2]}/{first.sha256}.jpg"
    assert stored.stat().st_mtime_ns == stamp
    assert [f.name for f in stored.parent.iterdir()] == [stored.name]  # no temporary left


def test_files_that_are_not_jpeg_or_png_photos_or_are_too_large_are_refused(tmp_path, monkeypatch):
    for name, data in (("x.jpg", b""), ("x.jpg", b"\xff\xd8\xff garbage"),
                       ("x.gif", _gif()), ("x.jpg", jpeg()[:200])):
        with pytest.raises(InputError) as refused:
            store_photo(data, tmp_path, name=name)
        assert refused.value.key == "photo.not_image" and name in str(refused.value)
    monkeypatch.setattr(photo_service, "MAX_PHOTO_BYTES", 100)
    with pytest.raises(InputError) as large:
        store_photo(jpeg(), tmp_path, name="big.jpg")
    assert large.value.key == "photo.too_large"
    assert not any(tmp_path.iterdir())


def _gif() -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    return out.getvalue()


def test_exif_gives_position_and_time_in_utc_and_nothing_when_absent():
    taken = datetime(2025, 3, 1, 1, 30)
    lon, lat, at = exif_facts(jpeg(lon=-112.071, lat=-30.3705, taken=taken))
    assert (lon, lat) == (pytest.approx(-112.071, abs=1e-6), pytest.approx(-30.3705, abs=1e-6))
    assert at == taken
    assert tuple(exif_facts(jpeg())) == (None, None, None)
    assert tuple(exif_facts(b"not a photo at all")) == (None, None, None)


def test_exif_without_an_offset_falls_back_to_gps_time_then_beijing_time():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 22.0, 12.0), 3: "E", 4: (112.0, 4.0, 30.0),
                    7: (1.0, 30.0, 0.0), 29: "2025:03:01"}
    exif.get_ifd(0x8769)[0x9003] = "2025:03:01 09:31:00"
    out = BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif)
    assert exif_facts(out.getvalue()).taken_at == datetime(2025, 3, 1, 1, 30)
    del exif[0x8825]
    out = BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif)
    assert exif_facts(out.getvalue()) == (None, None, datetime(2025, 3, 1, 1, 31))


def test_photos_with_a_position_tell_whether_the_custodian_was_on_site(basin, tmp_path):
    me = custodian(basin, "H-001")
    at = datetime(2025, 3, 1, 2, 0)
    near = jpeg((1, 1, 1), lon=112.071, lat=30.3705, taken=at - timedelta(hours=1))  # ~55 m
    far = jpeg((2, 2, 2), lon=112.071, lat=30.380, taken=at - timedelta(hours=1))  # ~1.1 km
    stale = jpeg((3, 3, 3), lon=112.071, lat=30.3705, taken=at - timedelta(days=3))
    submit = lambda *photos: submit_check(basin, me, "ZQ-001", GOOD, {}, at=at,  # noqa: E731
                                          photos=photos, photo_folder=tmp_path)
    on_site = submit(("far.jpg", far), ("near.jpg", near))
    assert on_site.on_site is True
    assert on_site.photos[1].distance_m == pytest.approx(55.4, abs=1)
    assert on_site.photos[1].taken_at == at - timedelta(hours=1)
    assert submit(("far.jpg", far), ("stale.jpg", stale)).on_site is False
    assert submit(("plain.jpg", jpeg((4, 4, 4)))).on_site is None


def test_my_segments_show_the_last_check_and_when_the_next_is_due(basin):
    me = custodian(basin, "H-001")
    submit_check(basin, me, "ZQ-001", GOOD, {}, at=datetime(2025, 3, 1, 8, 0))
    submit_check(basin, me, "ZQ-001", GOOD, {}, at=datetime(2025, 2, 20, 8, 0))
    mine = my_segments(basin, me, today=date(2025, 3, 5))
    assert [(s.code, s.role, s.last_check, s.next_due, s.overdue) for s in mine] == [
        ("ZQ-001", "primary", date(2025, 3, 1), date(2025, 3, 8), False)]
    assert mine[0].channel_name == "主渠" and mine[0].geometry.geom_type == "LineString"
    assert my_segments(basin, me, today=date(2025, 3, 9))[0].overdue
    deputy = my_segments(basin, custodian(basin, "H-002"), interval_days=14, today=date(2025, 3, 5))
    assert [(s.code, s.role, s.last_check, s.next_due) for s in deputy] == [
        ("ZQ-001", "deputy", date(2025, 3, 1), date(2025, 3, 15)),
        ("ZQ-002", "primary", None, date(2025, 1, 15))]
    with pytest.raises(PermissionDenied):
        my_segments(basin, STAFF)
    with pytest.raises(InputError):
        my_segments(basin, me, interval_days=0)


def test_staff_see_who_is_late_with_a_phone_number_to_call(basin):
    submit_check(basin, custodian(basin, "H-001"), "ZQ-001", GOOD, {}, at=datetime(2025, 3, 1, 8))
    late = overdue_custodians(basin, LEADER, today=date(2025, 3, 20))
    assert [(o.segment_code, o.household_code, o.head_name, o.phone, o.days_since_check)
            for o in late] == [("ZQ-002", "H-002", "李小红", "13800000002", None),
                               ("ZQ-001", "H-001", "张大山", "13800000001", 19)]
    assert [o.segment_code for o in overdue_custodians(basin, STAFF, today=date(2025, 3, 5))] == [
        "ZQ-002"]
    for actor in (RESIDENT, custodian(basin, "H-001")):
        with pytest.raises(PermissionDenied):
            overdue_custodians(basin, actor)


def test_the_history_shows_a_custodian_their_own_checks_and_staff_everything(basin, tmp_path):
    mine, other = custodian(basin, "H-001"), custodian(basin, "H-002")
    submit_check(basin, mine, "ZQ-001", {**GOOD, "harmony": "problem"},
                 {"harmony": "illegal_use"}, at=datetime(2025, 3, 1, 8),
                 photos=[("a.jpg", jpeg())], photo_folder=tmp_path)
    submit_check(basin, other, "ZQ-002", GOOD, {}, at=datetime(2025, 3, 2, 8))
    submit_check(basin, STAFF, "ZQ-003", GOOD, {}, at=datetime(2025, 3, 3, 8))
    assert [c.segment_code for c in check_history(basin, mine)] == ["ZQ-001"]
    everything = check_history(basin, STAFF)
    assert [c.segment_code for c in everything] == ["ZQ-003", "ZQ-002", "ZQ-001"]
    assert everything[0].household_code == "" and everything[1].head_name == "李小红"
    oldest = everything[-1]
    assert oldest.problems == {"harmony": "illegal_use"} and oldest.has_problem
    assert [p.filename for p in oldest.photos] == ["a.jpg"]
    assert [c.segment_code for c in check_history(basin, STAFF, only_problems=True)] == ["ZQ-001"]
    assert [c.segment_code for c in check_history(basin, STAFF, segment_code="ZQ-002")] == ["ZQ-002"]
    assert [c.segment_code for c in check_history(
        basin, LEADER, date_from=date(2025, 3, 2), date_to=date(2025, 3, 2))] == ["ZQ-002"]
    assert len(check_history(basin, STAFF, limit=2)) == 2
    village = everything[0].village
    assert village and all(c.village == village
                           for c in check_history(basin, STAFF, village=village))
    with pytest.raises(PermissionDenied):
        check_history(basin, RESIDENT)
    with pytest.raises(InputError):
        check_history(basin, STAFF, date_from=date(2025, 3, 2), date_to=date(2025, 3, 1))


def test_the_spreadsheet_of_checks_keeps_a_hostile_note_as_text(basin, tmp_path):
    hostile = '=HYPERLINK("x")'
    submit_check(basin, custodian(basin, "H-001"), "ZQ-001", {**GOOD, "flow": "problem"},
                 {"flow": "blockage"}, note=hostile, at=datetime(2025, 3, 1, 8))
    path = tmp_path / "out" / "checks.xlsx"
    assert export_checks(basin, STAFF, path, lang="zh", only_problems=True) == 1
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    row = {h: cell for h, cell in zip(header, sheet[2])}
    assert row["备注"].value == hostile and row["备注"].data_type == "s"
    assert row["河畅"].value == "有问题: 堵塞" and row["河段"].value == "ZQ-001"
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)
    assert export_checks(basin, STAFF, tmp_path / "none.xlsx", segment_code="ZQ-006") == 0
    with pytest.raises(InputError):
        export_checks(basin, STAFF, tmp_path / "checks.csv")
    with pytest.raises(PermissionDenied):
        export_checks(basin, custodian(basin, "H-001"), tmp_path / "mine.xlsx")


def test_days_are_beijing_days_for_due_dates_filters_and_the_spreadsheet(basin, tmp_path):
    # 2025-03-01 17:30 UTC is 01:30 on 2 March in Jingzhou: the check belongs to 2 March.
    me = custodian(basin, "H-001")
    submit_check(basin, me, "ZQ-001", GOOD, {}, at=datetime(2025, 3, 1, 17, 30))
    assert my_segments(basin, me, today=date(2025, 3, 5))[0].last_check == date(2025, 3, 2)
    on = {day: [c.segment_code for c in check_history(basin, STAFF, date_from=day, date_to=day)]
          for day in (date(2025, 3, 1), date(2025, 3, 2))}
    assert on == {date(2025, 3, 1): [], date(2025, 3, 2): ["ZQ-001"]}
    export_checks(basin, STAFF, tmp_path / "checks.xlsx", lang="zh")
    sheet = openpyxl.load_workbook(tmp_path / "checks.xlsx").active
    assert sheet.cell(1, 1).value == "巡查时间（北京时间）" and sheet.cell(2, 1).value == "2025-03-02 01:30"


def test_the_latest_checks_of_more_segments_than_one_statement_may_bind(basin):
    # A district keeps 78,000 segments; PostgreSQL binds at most 65,535 parameters a statement.
    from watershed.services.checks.checks import last_checks
    from watershed.services.common.clock import today as basin_today

    submit_check(basin, STAFF, "ZQ-001", GOOD, {})
    with basin.read() as session:
        first = session.scalar(select(Segment.id).where(Segment.code == "ZQ-001"))
        assert last_checks(session, [first, *range(10**6, 10**6 + 70_000)]) == {first: basin_today()}
