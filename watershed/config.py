"""All configuration in one place, read from the environment.

| variable                   | default                        | meaning                                 |
|----------------------------|--------------------------------|-----------------------------------------|
| WATERSHED_DATABASE_URL     | sqlite:///data/watershed.db    | SQLAlchemy URL (SQLite or PostgreSQL)   |
| WATERSHED_DATA_DIR         | data                           | folder of the database and demo files   |
| WATERSHED_PHOTO_DIR        | <data dir>/photos              | where check photos are stored           |
| WATERSHED_SECRET_FILE      | <data dir>/watershed.secret    | the installation's secret, which signs  |
|                            |                                | backups (made at init, mode 0600; keep  |
|                            |                                | it out of the database and its backups) |
| WATERSHED_LANGUAGE         | zh                             | zh (简体中文) or en                     |
| WATERSHED_BASEMAP          | osm                            | osm, tianditu, gaode or none            |
| WATERSHED_TIANDITU_KEY     | (empty)                        | key (tk) for Tianditu tiles             |
| WATERSHED_SESSION_MINUTES  | 30                             | minutes of inactivity before logout     |
| WATERSHED_SESSION_DAYS     | 7                              | days a login lasts at most (its cookie) |
| WATERSHED_OIDC_CLAIM       | email                          | the identity provider's claim that is   |
|                            |                                | matched to a user name (st.login)       |
| WATERSHED_PUBLIC_URL       | http://localhost:8501          | the app's address as phones reach it:   |
|                            |                                | the signboards' QR codes link under it  |
|                            |                                | (printing refuses a local/private one)  |
| WATERSHED_IMPORT_MAX_MB    | 50                             | largest file an import takes (MB); raise|
|                            |                                | Streamlit's server.maxUploadSize with it|
| WATERSHED_IMPORT_MAX_ROWS  | 200000                         | most rows of an imported table          |
"""

import os
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/watershed.db"
BASEMAPS = ("osm", "tianditu", "gaode", "none")
DEFAULT_SESSION_MINUTES = 30
DEFAULT_SESSION_DAYS = 7
DEFAULT_PUBLIC_URL = "http://localhost:8501"
# watershed.geo.limits says why these numbers; .streamlit/config.toml's maxUploadSize matches.
DEFAULT_IMPORT_MAX_MB = 50
DEFAULT_IMPORT_MAX_ROWS = 200_000


def database_url(explicit: str | None = None) -> str:
    """The database to use: an explicit URL (e.g. --database-url), else the environment."""
    return explicit or os.environ.get("WATERSHED_DATABASE_URL") or DEFAULT_DATABASE_URL


def data_dir() -> Path:
    return Path(os.environ.get("WATERSHED_DATA_DIR", "data"))


def demo_dir() -> Path:
    """The synthetic demo basin's source files ship with the code, beside the database folder."""
    return Path(__file__).resolve().parent.parent / "data" / "demo"


def photo_dir() -> Path:
    return Path(os.environ.get("WATERSHED_PHOTO_DIR") or data_dir() / "photos")


def secret_file() -> Path:
    """The file holding the installation's secret (watershed.services.backup signs with it)."""
    return Path(os.environ.get("WATERSHED_SECRET_FILE") or data_dir() / "watershed.secret")


def language() -> str:
    lang = os.environ.get("WATERSHED_LANGUAGE", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def basemap() -> str:
    choice = os.environ.get("WATERSHED_BASEMAP", "osm").lower()
    return choice if choice in BASEMAPS else "osm"


def tianditu_key() -> str:
    return os.environ.get("WATERSHED_TIANDITU_KEY", "")


def _positive(name: str, default: int) -> int:
    """A whole number above zero from the environment; anything else means the default."""
    try:
        value = int(os.environ.get(name, "").strip())
    except ValueError:
        return default
    return value if value > 0 else default


def session_minutes() -> int:
    """How long a logged-in user may be idle before the interface logs them out."""
    return _positive("WATERSHED_SESSION_MINUTES", DEFAULT_SESSION_MINUTES)


def session_days() -> int:
    """How long a login lasts at most, however busy, before the password is asked again."""
    return _positive("WATERSHED_SESSION_DAYS", DEFAULT_SESSION_DAYS)


def oidc_claim() -> str:
    """Which claim of a provider-signed-in user (st.user) names their account here."""
    return os.environ.get("WATERSHED_OIDC_CLAIM", "").strip() or "email"


def client_header() -> str:
    """The request header that names a person's address when the app sits behind a reverse
    proxy (nginx: X-Forwarded-For); empty: the connection's own address. Waits after wrong
    passwords and the public page's pace are counted per address, so behind a proxy that does
    not set it everyone would share one count."""
    return os.environ.get("WATERSHED_CLIENT_HEADER", "").strip()


def public_url() -> str:
    """The app's address as a phone scanning a signboard's QR code reaches it (no trailing /)."""
    return (os.environ.get("WATERSHED_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def import_max_mb() -> int:
    """The largest file an import takes, in MB (watershed.geo.limits)."""
    return _positive("WATERSHED_IMPORT_MAX_MB", DEFAULT_IMPORT_MAX_MB)


def import_max_rows() -> int:
    """The most rows an imported table may have (watershed.geo.limits)."""
    return _positive("WATERSHED_IMPORT_MAX_ROWS", DEFAULT_IMPORT_MAX_ROWS)
