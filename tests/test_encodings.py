"""Wrong encodings do not pass silently (issue 16, finding 8): a .cpg that reads as mojibake is
refused naming the encoding that reads cleanly, and registers in Big5 or Shift-JIS are detected,
with the encoding and the first names shown."""

import pytest
from sqlalchemy import select

from tests.bad_inputs import utf8_dbf_declared_gbk
from tests.factories import STAFF, run_cli
from tests.pages import page_app
from watershed.catalogue import text
from watershed.geo.encoding import BIG5, GB18030, SHIFT_JIS, UTF8, common_share, readings
from watershed.services.accounts.users import add_user
from watershed.store.database import Database
from watershed.store.tables import Channel, Household, Village

TRADITIONAL = ("戶編號,戶主,村民小組,村/社區,人口\n"
               "MH-001,張三,一組,梅槐村,3\nMH-002,李四,二組,梅槐村,4\nMH-003,陳大文,三組,太湖港社區,2\n")
# Chinese names as a Japanese Excel would save them: the characters Shift-JIS has.
JAPANESE = ("code,head_name,group,village,members\n"
            "MH-011,張三,一組,梅槐村,3\nMH-012,李四,二組,梅槐村,4\nMH-013,陳大文,三組,太湖港,2\n")


def _villages(db) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(Village.name)))


@pytest.mark.parametrize("codec, content, villages", [
    ("cp950", TRADITIONAL, {"梅槐村", "太湖港社區"}),
    ("cp932", JAPANESE, {"梅槐村", "太湖港"}),
], ids=["Big5", "Shift-JIS"])
def test_a_register_in_big5_or_shift_jis_makes_villages_with_their_real_names(
        db, tmp_path, capsys, codec, content, villages):
    path = tmp_path / "名册.csv"
    path.write_bytes(content.encode(codec))
    status, out, err = run_cli(capsys, db.url, "import", "households", str(path))
    assert status == 0, err
    assert _villages(db) == villages
    label = {"cp950": "Big5", "cp932": "Shift-JIS"}[codec]
    assert f"Read as {label}" in out and "張三、李四、陳大文" in out


def test_the_register_s_encoding_can_be_named_and_a_wrong_name_is_one_error_line(
        db, tmp_path, capsys):
    path = tmp_path / "名册.csv"
    path.write_bytes(TRADITIONAL.encode("cp950"))
    status, _, err = run_cli(capsys, db.url, "import", "households", str(path),
                             "--encoding", "UTF-8")
    assert status == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert "名册.csv" in err and "UTF-8" in err and not _villages(db)
    status, out, _ = run_cli(capsys, db.url, "import", "households", str(path),
                             "--encoding", "big5")
    assert status == 0 and "Read as Big5" in out and "梅槐村" in _villages(db)


def test_a_utf8_dbf_whose_cpg_says_gbk_is_refused_naming_both_and_the_option(
        db, tmp_path, capsys):
    path = utf8_dbf_declared_gbk(tmp_path)
    status, out, err = run_cli(capsys, db.url, "import", "channels", str(path))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "GBK" in err and "--encoding UTF-8" in err and "港中渠" in err
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(path), "--encoding", "UTF-8")
    assert status == 0, err
    with db.read() as session:
        assert session.scalars(select(Channel.name).order_by(Channel.code)).all() == [
            "港中渠", "太湖港"]


def test_a_gbk_dbf_whose_cpg_says_gbk_is_trusted_without_a_word(db, tmp_path, capsys):
    from tests.bad_inputs import _frame, _line, _shapefile, _zip

    frame = _frame([{"code": "GZQ", "name": "港中渠"}], [_line()])
    shp = _shapefile(tmp_path / "gbk", "港渠", frame, encoding="GB18030")
    shp.with_suffix(".cpg").write_text("GBK", encoding="ascii")
    path = _zip(tmp_path / "港渠.zip", sorted(shp.parent.iterdir()))
    status, _, err = run_cli(capsys, db.url, "import", "channels", str(path))
    assert status == 0 and err == ""


def test_an_encoding_named_for_a_geojson_is_refused_as_geojson_is_always_utf8(tmp_path, capsys,
                                                                             db):
    from tests.factories import channels_file

    status, _, err = run_cli(capsys, db.url, "import", "channels", str(channels_file(tmp_path)),
                             "--encoding", "GBK")
    assert status == 2 and "--encoding" in err and "channels.geojson" in err


@pytest.mark.parametrize("right", [UTF8, GB18030, BIG5, SHIFT_JIS])
def test_the_right_reading_of_channel_names_scores_highest(right):
    names = ["港中渠", "太湖港", "梅槐渠", "三組", "陳大文"]
    chunks = [name.encode(right) for name in names]
    found = readings(chunks)
    assert found[0].codec == right and found[0].share == 1.0
    assert all(other.share < 0.8 for other in found[1:])


def test_plain_ascii_reads_the_same_in_every_candidate_and_utf8_is_preferred():
    assert readings([b"GZQ", b"Channel 1"])[0].codec == UTF8
    assert common_share("GZQ") == 1.0


def test_the_households_page_shows_the_encoding_and_the_first_names_before_importing(
        monkeypatch, tmp_path, database_url):
    db = Database(database_url)
    add_user(db, STAFF, "office", "staff", "secret-password")
    app = page_app(monkeypatch, database_url, "households", "office", "en")
    app.file_uploader[0].set_value(("名册.csv", TRADITIONAL.encode("cp950"), "text/csv")).run()
    assert not app.exception and not app.error
    assert "Read as Big5" in app.info[0].value and "張三、李四、陳大文" in app.info[0].value
    with db.read() as session:
        assert session.scalar(select(Household.id)) is None  # a preview writes nothing
    label = text("staff.households.import", "en", count=3)
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception and "梅槐村" in _villages(db)
    db.dispose()
