"""The signboard's QR code in a real Chromium: a village's signboards print as an A4 page each; the
QR code read off the printed page opens the segment's public page on a phone without login, and
nothing private is on it; any other page's address without login gives the login page."""

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser import EXCEPTION, public_address, served_demo_copy, wait_for_app
from tests.factories import STAFF, token_of
from watershed.services.signboards.html import save_signboards
from watershed.services.signboards.signboards import signboards, village_supervisors
from watershed.store.tables import Custody, Household, Segment, Village

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def public_app(demo_sqlite_url, tmp_path_factory):
    with served_demo_copy(demo_sqlite_url, tmp_path_factory.mktemp("public")) as app:
        yield app


def keepers(db, village: str) -> list:
    """(segment code, household code, head, phone) of every current custody in the village."""
    with db.read() as session:
        return session.execute(
            select(Segment.code, Household.code, Household.head_name, Household.phone)
            .join(Custody, Custody.segment_id == Segment.id)
            .join(Household, Household.id == Custody.household_id)
            .join(Village, Village.id == Segment.village_id)
            .where(Custody.end_date.is_(None), Segment.retired_at.is_(None),
                   Village.name == village)).all()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_a_qr_code_opens_the_public_page_without_login_and_nothing_private_is_on_it(
        public_app, chromium, tmp_path, monkeypatch):
    monkeypatch.setenv("WATERSHED_PUBLIC_URL", public_address(public_app.address))
    village = min((x for x in village_supervisors(public_app.db, STAFF) if x.segments),
                  key=lambda x: x.segments).village
    path = tmp_path / "signboards.html"
    count = save_signboards(public_app.db, STAFF, path, village=village)
    boards = signboards(public_app.db, STAFF, village=village)

    printed = chromium.new_page(device_scale_factor=2)
    printed.goto(path.as_uri())
    assert pdf_pages(printed.pdf(format="A4", print_background=True)) == count == len(boards)
    index, board = next((i, b) for i, b in enumerate(boards)
                        if b.custodian is not None and b.custodian.phone and i > 0)
    qr = printed.locator("section.sign").nth(index).locator("div.qr svg")
    picture = Image.open(io.BytesIO(qr.screenshot()))
    [url] = [found.text for found in zxingcpp.read_barcodes(picture)]
    printed.close()
    assert url == (f"{public_address(public_app.address)}/segment?code={board.code}"
                   f"&t={token_of(public_app.db, board.code)}")

    everyone = keepers(public_app.db, village)
    mine = [k for k in everyone if k[0] == board.code]
    own_names = {k[2] for k in mine}
    others = [k for k in everyone if k[0] != board.code and k[2] not in own_names]
    assert mine and others

    context = chromium.new_context(viewport=PHONE)  # a phone nobody has logged in on
    try:
        phone = context.new_page()
        phone.goto(url)
        wait_for_app(phone)
        main = phone.locator('[data-testid="stMain"]')
        expect(main.get_by_text(board.code, exact=True)).to_be_visible()
        expect(main).to_contain_text(board.custodian.phone)
        expect(phone.locator(EXCEPTION)).to_have_count(0)
        expect(phone.get_by_label("密码")).to_have_count(0)
        shown, source = main.inner_text(), phone.content()
        assert board.custodian.name in shown
        for _, household, head, number in mine:
            assert household not in source and number not in source
        for _, household, head, number in others:
            assert head not in shown and household not in source and number not in source
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]  # nothing wider than the phone

        elsewhere = context.new_page()
        elsewhere.goto(f"{public_app.address}/dashboard")
        wait_for_app(elsewhere)
        expect(elsewhere.get_by_label("用户名")).to_be_visible()
        expect(elsewhere.get_by_label("密码")).to_be_visible()
        expect(elsewhere.locator('[data-testid="stMetric"]')).to_have_count(0)
    finally:
        context.close()
