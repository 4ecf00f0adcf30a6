"""Segment signboards (河段包保公示牌): the masked phone, what a board says and leaves out, hostile
names kept as text, an A4 page per segment, a QR code that reads as the segment's public page,
the supervising staff member, and the public view of a segment — on SQLite and PostgreSQL."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from tests.factories import (MAIN, STAFF, households_file, line, run_cli, token_of,
                             write_geojson)
from watershed.domain.privacy import mask_phone
from watershed.errors import InputError, NotFound, PermissionDenied
from watershed.services.accounts.users import add_user
from watershed.services.common.actors import Actor
from watershed.services.checks.checks import submit_check
from watershed.services.custody.custody import assign
from watershed.services.geometry.imports import import_households, import_layer
from watershed.services.signboards.public_segment import public_segment
from watershed.services.geometry.segmenting import segment_channels
from watershed.services.signboards.html import save_signboards, signboards_html
from watershed.services.signboards.signboards import (private_address_problem, set_supervisor,
                                                      signboards, village_supervisors)
from watershed.services.common.svg_map import neighbourhood
from watershed.store.tables import AuditEntry, Segment, VillageSupervisor

HOSTILE = "<img src=x onerror=alert(1)>"
GOOD = dict.fromkeys(("flow", "water", "banks", "scenery", "harmony"), "good")
PUBLIC = "https://hz.example.gov.cn"  # an address phones reach: printing is refused without one


# --- masking ------------------------------------------------------------------------------------

@pytest.mark.parametrize("phone, shown", [
    ("13800000001", "138****0001"),
    ("138 0000 0001", "138****0001"),
    ("+86 138-0000-0001", "138****0001"),
    ("008613800000001", "138****0001"),
    ("１３８０００００００１", "138****0001"),  # typed with full-width digits
    ("13800000001/13900000002", "138****0001"),  # two numbers in one field: the first
    ("0716-8123456", "071****3456"),  # a landline with its area code
    ("8123456", "****456"),  # short: never more than the last digits, four at least hidden
    ("12345", "****5"),
    ("1234", "****"),
    ("7", "****"),
])
def test_a_phone_is_masked_as_notices_write_it(phone, shown):
    assert mask_phone(phone) == shown


@pytest.mark.parametrize("phone", ["", None, "   ", "无", "n/a", "--"])
def test_a_phone_without_digits_masks_to_nothing(phone):
    assert mask_phone(phone) == ""


def test_the_mask_hides_at_least_four_digits_and_never_tells_the_length():
    for length in range(1, 16):
        digits = "9" * length
        masked = mask_phone(digits)
        assert masked.count("*") == 4
        assert sum(ch.isdigit() for ch in masked) <= max(0, length - 4)


# --- a basin with custodians and a supervisor ---------------------------------------------------

@pytest.fixture
def kept(basin):
    """The tiny basin with ZQ-001 kept by H-001 (deputy H-002) and 梅槐社区 supervised."""
    assign(basin, STAFF, "ZQ-001", "H-001")
    assign(basin, STAFF, "ZQ-001", "H-002", role="deputy")
    add_user(basin, STAFF, "officer", "staff", "secret-pass")
    set_supervisor(basin, STAFF, "梅槐社区", "officer", name="刘主任", phone="0716-8123456")
    return basin


def village_of(db, code: str) -> str:
    return next(board.village for board in signboards(db, STAFF) if board.code == code)


def test_a_signboard_says_what_is_posted_by_the_canal(kept):
    board = next(b for b in signboards(kept, STAFF) if b.code == "ZQ-001")
    assert (board.channel_code, board.channel_name) == ("ZQ", "主渠")
    assert board.village == "梅槐社区" and board.length_m > 0
    assert (board.custodian.name, board.custodian.phone) == ("张大山", "138****0001")
    assert (board.deputy.name, board.deputy.phone) == ("李小红", "138****0002")
    assert (board.supervisor.name, board.supervisor.phone) == ("刘主任", "0716-8123456")
    assert board.interval_days == 7
    assert board.url == f"http://localhost:8501/segment?code=ZQ-001&t={token_of(kept, 'ZQ-001')}"
    assert board.geometry.length > 0 and board.neighbours  # the branch and the next segments


def test_the_printed_board_shows_masked_phones_and_no_household_code(kept):
    page = signboards_html(signboards(kept, STAFF, village="梅槐社区"), "zh")
    assert "河段包保公示牌" in page and "ZQ-001" in page and "ZQ（主渠）" in page
    assert "张大山" in page and "138****0001" in page and "138****0002" in page
    assert "刘主任" in page and "0716-8123456" in page and "每 7 天至少巡查一次" in page
    assert "13800000001" not in page and "13800000002" not in page
    assert "H-001" not in page and "H-002" not in page


def test_a_segment_nobody_keeps_says_so_and_a_village_without_supervisor_too(basin):
    board = signboards(basin, STAFF, segment="ZQ-001")[0]
    assert board.custodian is None and board.deputy is None and board.supervisor is None
    page = signboards_html([board], "zh")
    assert "暂无包保户" in page and "待指定" in page


def test_a_village_prints_an_a4_page_per_live_segment(kept):
    village = village_of(kept, "ZQ-001")
    boards = signboards(kept, STAFF, village=village)
    with kept.read() as session:
        live = session.scalar(select(func.count()).select_from(Segment).where(
            Segment.retired_at.is_(None), Segment.village_id.is_not(None)))
    page = signboards_html(boards, "zh")
    assert page.count('<section class="sign">') == len(boards) >= 2
    assert len(boards) < live  # the other village's segments are not in it
    assert "@page { size: A4" in page and "break-after: page" in page
    height = float(re.search(r"section\.sign \{ height: ([\d.]+)mm", page)[1])
    assert height <= 297 - 2 * 12  # fits inside the page's margins: it cannot spill onto two


def test_the_page_loads_nothing_and_keeps_hostile_names_as_text(db, tmp_path):
    write_geojson(tmp_path / "channels.geojson", [
        ({"code": "ZQ", "name": HOSTILE, "kind": "干渠"}, line(MAIN))])
    import_layer(db, STAFF, "channels", tmp_path / "channels.geojson")
    import_households(db, STAFF, households_file(tmp_path, [
        dict(code="H-9", head_name=HOSTILE, group="一组", village=HOSTILE, phone="13800000009",
             members=1, lon=112.072, lat=30.3705)]))
    segment_channels(db, STAFF)
    assign(db, STAFF, "ZQ-001", "H-9")
    add_user(db, STAFF, "officer", "staff", "secret-pass")
    set_supervisor(db, STAFF, HOSTILE, "officer", name=HOSTILE, phone='"><script>x</script>')
    page = signboards_html(signboards(db, STAFF, village=HOSTILE), "zh")
    assert "<img" not in page and "<script" not in page and "onerror=alert(1)>" not in page
    # the channel, the village, the head and the supervisor, each as text
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 4
    assert "default-src 'none'" in page
    assert not re.search(r"\b(src|href)=", page.replace("&lt;img src=x", ""))


# --- the QR code --------------------------------------------------------------------------------

def qr_images(page: str) -> list[Image.Image]:
    """Each QR code of the page drawn as a picture, from its SVG path (segno draws each dark run
    of a row as a horizontal stroke: M x y / m dx dy moves, h n draws n modules)."""
    images = []
    pattern = r'<svg viewBox="0 0 (\d+) \d+" class="segno">.*?class="qrline"[^>]* d="([^"]+)"'
    for size, path in re.findall(pattern, page):
        picture = Image.new("L", (int(size), int(size)), 255)
        draw, x, y = ImageDraw.Draw(picture), 0.0, 0.0
        for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path):
            values = [float(v) for v in numbers.split()]
            if command == "M":
                x, y = values
            elif command == "m":
                x, y = x + values[0], y + values[1]
            else:
                end = values[0] if command == "H" else x + values[0]
                draw.rectangle([x, int(y), end - 1, int(y)], fill=0)
                x = end
        images.append(picture.resize((int(size) * 8, int(size) * 8), Image.NEAREST))
    return images


def decoded(picture: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(picture)]


def test_each_qr_code_reads_as_its_segments_public_page(kept, monkeypatch):
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", "https://hb.example.cn/watershed/")
    boards = signboards(kept, STAFF, village=village_of(kept, "ZQ-001"))
    pictures = qr_images(signboards_html(boards, "zh"))
    assert len(pictures) == len(boards)
    for board, picture in zip(boards, pictures):
        assert decoded(picture) == [f"https://hb.example.cn/watershed/segment?code={board.code}"
                                    f"&t={token_of(kept, board.code)}"]


def test_a_code_with_odd_characters_survives_the_link(db, tmp_path):
    write_geojson(tmp_path / "channels.geojson", [
        ({"code": "Z&Q#1+%/", "name": "渠", "kind": "干渠"}, line(MAIN))])
    import_layer(db, STAFF, "channels", tmp_path / "channels.geojson")
    segment_channels(db, STAFF)
    board = signboards(db, STAFF)[0]
    [url] = decoded(qr_images(signboards_html([board], "zh"))[0])
    assert urlsplit(url).path == "/segment"
    assert parse_qs(urlsplit(url).query) == {"code": [board.code], "t": [token_of(db, board.code)]}
    assert board.code.startswith("Z&Q#1+%/")


def test_the_rasteriser_reads_what_segno_draws_and_nothing_else():
    """The test's own QR reader: a picture of nothing has no code in it."""
    assert decoded(Image.new("L", (200, 200), 255)) == []


# --- who may print, and the supervisor ---------------------------------------------------------

def test_only_staff_print_signboards_or_name_a_supervisor(kept):
    custodian = Actor("someone", "custodian", household_id=1)
    with pytest.raises(PermissionDenied):
        signboards(kept, custodian)
    with pytest.raises(PermissionDenied):
        set_supervisor(kept, custodian, "梅槐社区", "officer")


def test_an_unknown_village_or_segment_is_refused_with_the_choices(kept, tmp_path):
    with pytest.raises(NotFound) as error:
        signboards(kept, STAFF, village="无此村")
    assert error.value.key == "signboard.no_village"
    assert "梅槐社区" in error.value.params["villages"]
    with pytest.raises(NotFound) as error:
        signboards(kept, STAFF, segment="ZQ-999")
    assert error.value.key == "segment.unknown"
    with pytest.raises(InputError):
        save_signboards(kept, STAFF, tmp_path / "boards.pdf")
    assert not (tmp_path / "boards.pdf").exists()


def test_a_supervisor_must_be_an_active_staff_account_with_a_name(kept):
    add_user(kept, STAFF, "leader1", "leader", "secret-pass")
    add_user(kept, STAFF, "nameless", "staff", "secret-pass")
    with pytest.raises(InputError) as error:
        set_supervisor(kept, STAFF, "梅槐社区", "leader1", name="某人")
    assert error.value.key == "signboard.not_staff"
    with pytest.raises(NotFound):
        set_supervisor(kept, STAFF, "梅槐社区", "nobody", name="某人")
    with pytest.raises(InputError) as error:
        set_supervisor(kept, STAFF, "梅槐社区", "nameless")
    assert error.value.key == "signboard.needs_name"
    with pytest.raises(InputError):
        set_supervisor(kept, STAFF, "梅槐社区", "nameless", name="长" * 101)
    assert signboards(kept, STAFF, segment="ZQ-001")[0].supervisor.name == "刘主任"


def test_a_new_supervisor_is_a_new_row_and_the_change_is_audited(kept):
    add_user(kept, STAFF, "deputy-officer", "staff", "secret-pass")
    set_supervisor(kept, STAFF, "梅槐社区", "officer")  # the same again: nothing new
    set_supervisor(kept, STAFF, "梅槐社区", "deputy-officer", name="王干事", phone="0716-1")
    with kept.read() as session:
        assert session.scalar(select(func.count()).select_from(VillageSupervisor)) == 2
        changes = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "village.supervisor").order_by(AuditEntry.id)).all()
    assert [c.after["supervisor"] for c in changes] == ["officer", "deputy-officer"]
    assert changes[-1].before["supervisor"] == "officer"
    lines = {x.village: x for x in village_supervisors(kept, STAFF)}
    assert (lines["梅槐社区"].username, lines["梅槐社区"].name) == ("deputy-officer", "王干事")
    assert lines["新凤社区"].username == ""
    assert signboards(kept, STAFF, segment="ZQ-001")[0].supervisor.name == "王干事"


def test_the_command_line_names_a_supervisor_and_writes_a_villages_signboards(kept, capsys,
                                                                              tmp_path,
                                                                              monkeypatch):
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", PUBLIC)
    add_user(kept, STAFF, "clerk", "staff", "secret-pass")
    status, out, err = run_cli(capsys, kept.url, "village", "supervisor", "梅槐社区", "clerk",
                               "--name", "赵干事", "--phone", "0716-2")
    assert (status, err) == (0, "") and "赵干事" in out
    target = tmp_path / "boards.html"
    status, out, err = run_cli(capsys, kept.url, "signboards", str(target),
                               "--village", "梅槐社区")
    assert status == 0 and str(target) in out
    assert "赵干事" in target.read_text(encoding="utf-8")
    status, out, err = run_cli(capsys, kept.url, "signboards", str(tmp_path / "x.html"),
                               "--village", "无此村")
    assert status == 2 and err.startswith("error: ") and not (tmp_path / "x.html").exists()


# --- the public view ----------------------------------------------------------------------------

def test_the_public_view_holds_the_board_the_last_check_and_no_private_data(kept):
    shown = public_segment(kept, "ZQ-001", token_of(kept, "ZQ-001"))
    assert shown.board.code == "ZQ-001" and shown.board.custodian.phone == "138****0001"
    assert shown.last_check is None and shown.peer_score is None
    # An account name no signboard token can hold (a token is base64url: "h1" once turned up in one).
    keeper = Actor("户主甲", "custodian", household_id=1)
    submit_check(kept, keeper, "ZQ-001", GOOD, {}, "堤上有人晒网，电话13800000001")
    shown = public_segment(kept, "ZQ-001", token_of(kept, "ZQ-001"))
    assert shown.last_check is not None
    everything = repr(shown)
    for private in ("H-001", "H-002", "13800000001", "13800000002", "晒网", "户主甲"):
        assert private not in everything


def test_an_unknown_or_retired_code_has_no_public_view(kept):
    for code in ("ZQ-999", "", "   ", "x" * 500, "' OR 1=1 --"):
        with pytest.raises(NotFound) as error:
            public_segment(kept, code, token_of(kept, "ZQ-001"))
        assert error.value.key == "public.unknown"
    before = {b.code: token_of(kept, b.code) for b in signboards(kept, STAFF)}
    segment_channels(kept, STAFF, target_m=600.0, channel_code="ZQ", force=True)
    gone = before.keys() - {b.code for b in signboards(kept, STAFF)}
    assert gone
    for code in gone:
        with pytest.raises(NotFound):
            public_segment(kept, code, before[code])


def test_the_public_view_carries_the_latest_peer_score(demo_sqlite_url):
    from watershed.services.evaluation.board import peer_scores
    from watershed.store.database import Database

    demo = Database(demo_sqlite_url)
    try:
        scores = peer_scores(demo)
        with demo.read() as session:
            scored = session.execute(select(Segment.id, Segment.code).where(
                Segment.id.in_([k for k, v in scores.items() if v is not None]),
                Segment.retired_at.is_(None)).order_by(Segment.id)).first()
        shown = public_segment(demo, scored.code, token_of(demo, scored.code))
        assert shown.peer_score == pytest.approx(scores[scored.id])
        assert shown.board.supervisor is not None  # the demo names one for every village
    finally:
        demo.dispose()


def test_the_map_window_keeps_the_boards_shape_around_the_segment():
    west, south, east, north = neighbourhood((112.07, 30.37, 112.071, 30.37), 100.0, 1.6)
    assert west < 112.07 and east > 112.071 and south < 30.37 < north
    from math import cos, radians
    width = (east - west) * cos(radians(30.37)) * 111_320
    height = (north - south) * 111_320
    assert width / height == pytest.approx(1.6, rel=1e-6)
    assert height == pytest.approx(200.0, rel=1e-3)  # the margin on both sides of a flat line


def test_save_signboards_writes_one_file_and_counts_its_pages(kept, tmp_path, monkeypatch):
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", PUBLIC)
    count = save_signboards(kept, STAFF, tmp_path / "out" / "all.html")
    text_ = (tmp_path / "out" / "all.html").read_text(encoding="utf-8")
    assert count == text_.count('<section class="sign">') == len(signboards(kept, STAFF))
    assert io.StringIO(text_).readline().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("address", [
    "http://localhost:8501", "http://127.0.0.1:8501", "http://[::1]:8501", "http://0.0.0.0",
    "http://192.168.1.20:8501", "http://10.0.0.5", "http://172.16.3.4", "http://169.254.1.1",
    "http://hezhang.local", "http://app.localhost", "ftp://hz.example.cn", "hz.example.cn"])
def test_signboards_are_refused_while_the_public_address_is_one_phones_cannot_reach(
        kept, tmp_path, capsys, monkeypatch, address):
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", address)
    target = tmp_path / "boards.html"
    with pytest.raises(InputError) as refused:
        save_signboards(kept, STAFF, target)
    assert refused.value.key == "signboard.private_url" and not target.exists()
    status, out, err = run_cli(capsys, kept.url, "signboards", str(target))
    assert status == 2 and out == "" and err.count("\n") == 1 and "WATERSHED_PUBLIC_URL" in err
    assert not target.exists()


@pytest.mark.parametrize("address", ["https://hz.example.gov.cn", "http://218.5.6.7:8501",
                                     "https://hb.example.cn/watershed/"])
def test_a_public_address_is_accepted(address, monkeypatch):
    assert private_address_problem(address) is None


def test_the_keepers_of_more_segments_than_one_statement_may_bind(basin):
    # Every board of a district: 78,000 segments; PostgreSQL binds at most 65,535 parameters.
    from watershed.services.signboards.signboards import _keepers

    with basin.read() as session:
        assert _keepers(session, list(range(10**6, 10**6 + 70_000))) == {}
