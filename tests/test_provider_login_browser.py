"""Signing in through an OpenID Connect provider (st.login), in Chromium, against a real
provider: oidc-provider-mock serves discovery, the authorisation form, tokens and user info on a
local port. The app gets a secrets.toml with an [auth] section pointing at it."""


import pytest
from playwright.sync_api import expect

from tests.browser import open_app, served_demo_copy, wait_for_app
from tests.factories import STAFF
from watershed.catalogue import text
from watershed.services.accounts.users import add_user
from watershed.store.database import Database

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("patient_expect")]

KNOWN = "zhang.san@example.org"  # has a leader account here
UNKNOWN = "li.si@example.org"  # signed in by the provider, but no account here

SECRETS = """
[auth]
redirect_uri = "{address}/oauth2callback"
cookie_secret = "a-test-secret-that-signs-the-identity-cookie"
client_id = "watershed"
client_secret = "watershed-secret"
server_metadata_url = "http://127.0.0.1:%d/.well-known/openid-configuration"
"""


def zh(key: str, **params) -> str:
    return text(key, "zh", **params)


def _with_a_leader_of_the_provider(url: str) -> None:
    database = Database(url)
    add_user(database, STAFF, KNOWN, "leader", "a-password-never-used")
    database.dispose()


@pytest.fixture(scope="module")
def provider_app(demo_sqlite_url, tmp_path_factory):
    oidc = pytest.importorskip("oidc_provider_mock")
    with oidc.run_server_in_thread() as server, served_demo_copy(
            demo_sqlite_url, tmp_path_factory.mktemp("provider"),
            prepare=_with_a_leader_of_the_provider,
            secrets=SECRETS % server.server_port) as app:
        yield app.address


def sign_in_at_the_provider(page, who: str) -> None:
    page.get_by_role("button", name=zh("ui.log_in_with_provider")).click()
    page.locator('input[name="sub"]').fill(who)  # the provider's own form
    page.locator('input[name="sub"]').press("Enter")
    wait_for_app(page)


def end_the_providers_session(page, app_address: str) -> None:
    """st.logout sends the browser to the provider, which asks to confirm, then back."""
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app_address}/**")
    wait_for_app(page)


def test_someone_with_an_account_signs_in_through_the_provider_and_out_again(provider_app,
                                                                             chromium):
    page, dialogs = open_app(chromium, provider_app)
    expect(page.get_by_label(zh("ui.password"))).to_be_visible()  # the password login stays
    sign_in_at_the_provider(page, KNOWN)
    expect(page.get_by_role("heading", name=zh("ui.campaign.title"))).to_be_visible()
    expect(page.get_by_text(KNOWN).first).to_be_visible()  # "signed in as" in the sidebar
    page.get_by_role("button", name=zh("ui.log_out")).click()
    end_the_providers_session(page, provider_app)
    expect(page.get_by_role("button", name=zh("ui.log_in_with_provider"))).to_be_visible()
    expect(page.get_by_role("heading", name=zh("ui.campaign.title"))).to_have_count(0)
    assert dialogs == []
    page.close()


def test_someone_the_provider_knows_but_this_app_does_not_is_told_how_to_get_an_account(
        provider_app, chromium):
    page, _ = open_app(chromium, provider_app)
    sign_in_at_the_provider(page, UNKNOWN)
    expect(page.get_by_text(f"watershed users add {UNKNOWN}", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name=zh("ui.campaign.title"))).to_have_count(0)
    page.get_by_role("button", name=zh("ui.leave_provider")).click()
    end_the_providers_session(page, provider_app)
    expect(page.get_by_role("button", name=zh("ui.log_in_with_provider"))).to_be_visible()
    page.close()
