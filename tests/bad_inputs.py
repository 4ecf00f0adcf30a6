"""A catalogue of bad input files, each written for real into a folder, with the refusal expected.

    for case in BAD_INPUTS:
        path = case.make(tmp_path)            # writes the file(s), returns the path to import
        read_layer(path, case.kind, **case.extra_args)        # kinds: channels, ponds, ...
        read_households(path)                                 # kind: households
        -> InputError whose key is case.expected_key

`extra_args` are read_layer's keyword arguments (layer, crs, gcj02, name_field); on the command
line they are --layer, --crs, --gcj02 and --name-field. Every `make` is self-contained: it only
writes inside the folder it is given, under names of its own, so cases can share a folder.

The hostile files (issue 16) trip the default limits of watershed.geo.limits while staying small
and quick to write: a sparse file for the size, a zip whose directory states what it would unpack
to, a sheet that states 30 million rows. tests/benchmarks/hostile_files.py builds them full size.
BAD_IMPORTS adds the files the readers accept but an import refuses (where the features lie), so
only the command line runs those.
"""

import json
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas
import openpyxl
import pandas
import pyogrio
from shapely.geometry import LineString, Point, Polygon

GK_4546 = (603819.479, 3361624.695)  # 112.08 E, 30.37 N in CGCS2000 / 3-degree GK CM 111E


@dataclass(frozen=True)
class BadInput:
    id: str
    kind: str  # channels, ponds, sources, boundary or households
    make: Callable[[Path], Path]
    expected_key: str
    extra_args: dict = field(default_factory=dict)


# --- small writers -------------------------------------------------------------------------


def _line(x0=112.08, y0=30.37, dx=0.01):
    return LineString([(x0, y0), (x0 + dx, y0 + dx / 2)])


def _square(x0=112.08, y0=30.37, side=0.002):
    return Polygon([(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)])


def _geojson(path: Path, features: list[tuple[dict, dict | None]], crs: str | None = None):
    """Write a GeoJSON by hand: (properties, geometry-or-None) per feature."""
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": geometry}
            for props, geometry in features
        ],
    }
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def _frame(rows: list[dict], geometries, crs="EPSG:4326"):
    return geopandas.GeoDataFrame(pandas.DataFrame(rows), geometry=geometries, crs=crs)


def _shapefile(folder: Path, stem: str, frame, encoding="UTF-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shp = folder / f"{stem}.shp"
    with warnings.catch_warnings():  # pyogrio warns when told to write no CRS, as meant here
        warnings.simplefilter("ignore", UserWarning)
        pyogrio.write_dataframe(frame, shp, encoding=encoding)
    return shp


def _zip(path: Path, files: list[Path]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.name)
    return path


def _zipped_shapefile(tmp: Path, name: str, frame, leave_out=(), keep_prj=True) -> Path:
    shp = _shapefile(tmp / f"{name}-parts", name, frame)
    parts = [p for p in sorted(shp.parent.iterdir()) if p.suffix not in leave_out]
    if not keep_prj:
        parts = [p for p in parts if p.suffix != ".prj"]
    return _zip(tmp / f"{name}.zip", parts)


def _garbage(path: Path, size=3000) -> Path:
    path.write_bytes(random.Random(path.name).randbytes(size))
    return path


def _good_channels(tmp: Path, name="港渠.geojson") -> Path:
    return _geojson(tmp / name, [
        ({"code": "GZQ", "name": "港中渠"}, _line().__geo_interface__),
        ({"code": "THG", "name": "太湖港"}, _line(112.10).__geo_interface__),
    ])


def _csv(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


_HEADER = "户编号,户主,村民小组,村/社区,电话,人口,经度,纬度\n"
_ROW = "MH-{n:03d},张{n},一组,梅槐村,13800138{n:03d},3,112.08,30.37\n"


def _households(tmp: Path, name: str, bad_row: str, header=_HEADER) -> Path:
    return _csv(tmp / name, header + _ROW.format(n=1) + bad_row + _ROW.format(n=3))


# --- layer cases ---------------------------------------------------------------------------


def missing_file(tmp):
    return tmp / "不存在的渠道.geojson"


def directory(tmp):
    folder = tmp / "渠道文件夹"
    folder.mkdir()
    return folder


def unsupported_suffix(tmp):
    return _garbage(tmp / "渠道.dwg")


def empty_geojson(tmp):
    path = tmp / "空文件.geojson"
    path.write_bytes(b"")
    return path


def zero_features(tmp):
    return _geojson(tmp / "无要素.geojson", [])


def truncated_geojson(tmp):
    good = _good_channels(tmp, "完整.geojson").read_bytes()
    path = tmp / "截断.geojson"
    path.write_bytes(good[: len(good) // 2])
    return path


def garbage_gpkg(tmp):
    return _garbage(tmp / "乱码.gpkg")


def garbage_zip(tmp):
    return _garbage(tmp / "乱码.zip")


def garbage_geojson(tmp):
    return _garbage(tmp / "乱码.geojson")


def garbage_kml(tmp):
    return _garbage(tmp / "乱码.kml")


def points_as_channels(tmp):
    return _geojson(tmp / "点当渠道.geojson", [
        ({"code": "GZQ"}, Point(112.08, 30.37).__geo_interface__),
    ])


def lines_as_ponds(tmp):
    frame = _frame([{"code": "P1", "name": "一号塘"}], [_line()])
    path = tmp / "线当鱼塘.gpkg"
    frame.to_file(path, layer="ponds")
    return path


def polygons_as_sources(tmp):
    return _geojson(tmp / "面当水源.geojson", [
        ({"code": "S1", "name": "水库"}, _square().__geo_interface__),
    ])


def lines_as_boundary(tmp):
    return _geojson(tmp / "线当边界.geojson", [({"name": "流域"}, _line().__geo_interface__)])


def multipart_channel(tmp):
    parts = {"type": "MultiLineString", "coordinates": [
        [[112.08, 30.37], [112.09, 30.375]], [[112.12, 30.38], [112.13, 30.39]],
    ]}
    return _geojson(tmp / "断开的渠.geojson", [({"code": "GZQ", "name": "港中渠"}, parts)])


def null_geometry(tmp):
    return _geojson(tmp / "无几何.geojson", [
        ({"code": "GZQ"}, _line().__geo_interface__), ({"code": "THG"}, None),
    ])


def empty_geometry(tmp):
    return _geojson(tmp / "空几何.geojson", [
        ({"code": "GZQ"}, {"type": "LineString", "coordinates": []}),
    ])


def damaged_geometry(tmp):
    return _geojson(tmp / "损坏几何.geojson", [
        ({"code": "GZQ"}, {"type": "LineString", "coordinates": [[112.08, 30.37]]}),
    ])


def out_of_range(tmp):
    return _geojson(tmp / "越界.geojson", [
        ({"code": "S1"}, {"type": "Point", "coordinates": [112.08, 30.37]}),
        ({"code": "S2"}, {"type": "Point", "coordinates": [112.09, 95.0]}),
        ({"code": "S3"}, {"type": "Point", "coordinates": [112.10, 30.38]}),
    ])


def projected_without_crs(tmp):
    x, y = GK_4546
    frame = _frame([{"code": "GZQ"}], [LineString([(x, y), (x + 500, y + 300)])], crs=None)
    return _zipped_shapefile(tmp, "无坐标系", frame, keep_prj=False)


def projected_geojson_without_crs_member(tmp):
    x, y = GK_4546
    line = {"type": "LineString", "coordinates": [[x, y], [x + 500, y + 300]]}
    return _geojson(tmp / "米制坐标.geojson", [({"code": "GZQ"}, line)])


def unknown_crs(tmp):
    return _good_channels(tmp, "未知坐标系.geojson")


def gcj02_on_projected(tmp):
    x, y = GK_4546
    line = {"type": "LineString", "coordinates": [[x, y], [x + 500, y + 300]]}
    return _geojson(tmp / "投影加火星.geojson", [({"code": "GZQ"}, line)],
                    crs="urn:ogc:def:crs:EPSG::4546")


def projected_crs_degree_coordinates(tmp):
    return _geojson(tmp / "投影却是度.geojson", [({"code": "GZQ"}, _line().__geo_interface__)],
                    crs="urn:ogc:def:crs:EPSG::4546")


def zip_without_dbf(tmp):
    frame = _frame([{"code": "GZQ"}], [_line()])
    return _zipped_shapefile(tmp, "缺dbf", frame, leave_out=(".dbf",))


def zip_without_shx(tmp):
    frame = _frame([{"code": "GZQ"}], [_line()])
    return _zipped_shapefile(tmp, "缺shx", frame, leave_out=(".shx",))


def zip_without_shp(tmp):
    readme = tmp / "说明.txt"
    readme.write_text("渠道数据见附件", encoding="utf-8")
    return _zip(tmp / "没有shp.zip", [readme])


def shp_without_dbf(tmp):
    shp = _shapefile(tmp / "plain", "渠道", _frame([{"code": "GZQ"}], [_line()]))
    shp.with_suffix(".dbf").unlink()
    return shp


def cpg_that_lies(tmp):
    frame = _frame([{"code": "GZQ", "name": "港中渠"}], [_line()])
    shp = _shapefile(tmp / "lying", "编码不符", frame, encoding="GB18030")
    shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
    return _zip(tmp / "编码不符.zip", sorted(shp.parent.iterdir()))


def duplicate_codes(tmp):
    return _geojson(tmp / "重复编号.geojson", [
        ({"code": "GZQ", "name": "港中渠"}, _line().__geo_interface__),
        ({"code": "THG", "name": "太湖港"}, _line(112.1).__geo_interface__),
        ({"code": "GZQ", "name": "港中渠支渠"}, _line(112.12).__geo_interface__),
    ])


def blank_code(tmp):
    return _geojson(tmp / "空编号.geojson", [
        ({"编号": "GZQ", "名称": "港中渠"}, _line().__geo_interface__),
        ({"编号": "  ", "名称": "太湖港"}, _line(112.1).__geo_interface__),
    ])


def code_with_space(tmp):
    return _geojson(tmp / "编号有空格.geojson", [
        ({"code": "GZQ 01", "name": "港中渠"}, _line().__geo_interface__),
    ])


def missing_name_field(tmp):
    return _good_channels(tmp, "无此字段.geojson")


def ambiguous_layer(tmp):
    path = tmp / "多图层.gpkg"
    _frame([{"code": "A"}], [_line()]).to_file(path, layer="主渠")
    _frame([{"code": "B"}], [_line(112.1)]).to_file(path, layer="支渠")
    return path


def unknown_layer(tmp):
    path = tmp / "图层名.gpkg"
    _frame([{"code": "A"}], [_line()]).to_file(path, layer="主渠")
    return path


def only_attribute_table(tmp):
    path = tmp / "只有表格.gpkg"
    pyogrio.write_dataframe(pandas.DataFrame({"code": ["A"]}), path, layer="表格")
    return path


def zero_length_channel(tmp):
    line = {"type": "LineString", "coordinates": [[112.08, 30.37], [112.08, 30.37]]}
    return _geojson(tmp / "零长度.geojson", [({"code": "GZQ"}, line)])


def flat_pond(tmp):
    flat = {"type": "Polygon", "coordinates": [
        [[112.08, 30.37], [112.09, 30.37], [112.10, 30.37], [112.08, 30.37]],
    ]}
    return _geojson(tmp / "扁平鱼塘.geojson", [({"code": "P01"}, flat)])


# --- household cases -----------------------------------------------------------------------


def hh_missing_file(tmp):
    return tmp / "不存在的名册.csv"


def hh_unsupported_suffix(tmp):
    return _garbage(tmp / "名册.xls")


def hh_empty_file(tmp):
    return _csv(tmp / "空名册.csv", "")


def hh_header_only(tmp):
    return _csv(tmp / "只有表头.csv", _HEADER)


def hh_garbage_xlsx(tmp):
    return _garbage(tmp / "乱码.xlsx")


def hh_zip_not_xlsx(tmp):
    path = tmp / "不是表格.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def hh_garbage_csv(tmp):
    return _garbage(tmp / "乱码.csv")


def hh_missing_columns(tmp):
    return _csv(tmp / "缺列.csv", "户编号,户主,电话\nMH-001,张三,13800138000\n")


def hh_duplicate_column(tmp):
    return _csv(tmp / "重复列.csv", "code,户编号,户主,村民小组,村/社区,人口\n"
                "1,MH-001,张三,一组,梅槐村,3\n")


def hh_duplicate_codes(tmp):
    return _households(tmp, "重复户编号.csv", _ROW.format(n=1))


def hh_blank_head_name(tmp):
    return _households(tmp, "缺户主.csv", "MH-002,,一组,梅槐村,,3,,\n")


def hh_non_numeric_members(tmp):
    return _households(tmp, "人口非数字.csv", "MH-002,李四,一组,梅槐村,,三,,\n")


def hh_fractional_members(tmp):
    return _households(tmp, "人口小数.csv", "MH-002,李四,一组,梅槐村,,2.5,,\n")


def hh_zero_members(tmp):
    return _households(tmp, "人口为零.csv", "MH-002,李四,一组,梅槐村,,0,,\n")


def hh_lon_without_lat(tmp):
    return _households(tmp, "缺纬度.csv", "MH-002,李四,一组,梅槐村,,3,112.08,\n")


def hh_lat_out_of_range(tmp):
    return _households(tmp, "纬度越界.csv", "MH-002,李四,一组,梅槐村,,3,30.37,112.08\n")


def hh_lon_not_number(tmp):
    return _households(tmp, "经度非数字.csv", "MH-002,李四,一组,梅槐村,,3,东经112度,30.37\n")


def hh_bad_phone(tmp):
    return _households(tmp, "电话有误.csv", "MH-002,李四,一组,梅槐村,138-0013-800O,3,,\n")


def hh_short_phone(tmp):
    return _households(tmp, "电话太短.csv", "MH-002,李四,一组,梅槐村,12345,3,,\n")


def hh_stray_comma(tmp):
    return _households(tmp, "多逗号.csv", "MH-002,李,四,一组,梅槐村,,3,112.08,30.37\n")


def hh_xlsx_blank_village(tmp):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["code", "head_name", "group", "village", "members"])
    sheet.append(["MH-001", "张三", "一组", None, 3])
    path = tmp / "缺村名.xlsx"
    workbook.save(path)
    return path


# --- hostile files (issue 16) ------------------------------------------------------------


def _sparse(path: Path, megabytes: int) -> Path:
    """A file of that size that takes no disk and no time to write: it must be refused for its
    size before a byte of it is read."""
    with open(path, "wb") as file:
        file.truncate(megabytes * 1024 * 1024)
    return path


def oversized_geojson(tmp):
    return _sparse(tmp / "太大.geojson", 51)


def hh_oversized_csv(tmp):
    return _sparse(tmp / "太大的名册.csv", 51)


def dbf_bomb(tmp):
    """A zipped Shapefile whose .dbf unpacks to 120 MB of blanks (the full-size one: 1 GiB from
    a 1 MB zip), its header claiming 120,000 records of 1,000 bytes."""
    shp = _shapefile(tmp / "bomb-parts", "炸弹", _frame([{"code": "GZQ"}], [_line()]))
    path = tmp / "炸弹.zip"
    records, width = 120_000, 1_000
    header = bytearray(_dbf_header(records, width))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part in (".shp", ".shx", ".prj"):
            archive.write(shp.with_suffix(part), "炸弹" + part)
        with archive.open("炸弹.dbf", "w", force_zip64=True) as dbf:
            dbf.write(bytes(header))
            blanks = b" " * width * 1_000
            for _ in range(records // 1_000):
                dbf.write(blanks)
    return path


def _dbf_header(records: int, width: int) -> bytes:
    """A dBase III header of one character field `NAME` that is `width` - 1 bytes wide."""
    field = b"NAME".ljust(11, b"\x00") + b"C" + bytes(4) + bytes([min(width - 1, 254)]) + bytes(15)
    return struct.pack("<BBBBIHH20x", 3, 126, 1, 1, records, 32 + 32 + 1, width) + field + b"\r"


def zip_of_many_members(tmp):
    frame = _frame([{"code": "GZQ"}], [_line()])
    shp = _shapefile(tmp / "many-parts", "渠道", frame)
    path = tmp / "文件太多.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(shp.parent.iterdir()):
            archive.write(part, part.name)
        for n in range(1_001):
            archive.writestr(f"附件/{n}.txt", "")
    return path


def line_of_too_many_vertices(tmp):
    steps = 100_001
    coordinates = [[round(112.0 + n * 1e-6, 6), 30.37 + (n % 2) * 1e-6] for n in range(steps)]
    return _geojson(tmp / "节点太多.geojson", [
        ({"code": "GZQ"}, {"type": "LineString", "coordinates": coordinates})])


def utf8_dbf_declared_gbk(tmp):
    """Finding 8: a UTF-8 .dbf whose .cpg says GBK decodes without an error, into mojibake."""
    frame = _frame([{"code": "GZQ", "name": "港中渠"}, {"code": "THG", "name": "太湖港"}],
                   [_line(), _line(112.1)])
    shp = _shapefile(tmp / "utf8-gbk", "编码有疑", frame, encoding="UTF-8")
    shp.with_suffix(".cpg").write_text("GBK", encoding="ascii")
    return _zip(tmp / "编码有疑.zip", sorted(shp.parent.iterdir()))


def hh_cell_past_csv_limit(tmp):
    """Finding 6: a cell over 131,072 characters, where Python's csv module gives up."""
    return _households(tmp, "超长单元格.csv", "MH-002,李" + "四" * 140_000 + ",一组,梅槐村,,3,,\n")


def hh_unclosed_quote(tmp):
    rows = "".join(_ROW.format(n=n) for n in range(4, 400))
    return _households(tmp, "少了引号.csv", 'MH-002,"李四,一组,梅槐村,,3,,\n' + rows)


def hh_too_many_columns(tmp):
    header = _HEADER.rstrip("\n") + "".join(f",备注{n}" for n in range(200)) + "\n"
    return _households(tmp, "列太多.csv", "MH-002,李四,一组,梅槐村,,3,,\n", header=header)


def hh_too_many_rows(tmp):
    return _csv(tmp / "行太多.csv", "户编号\n" + "1\n" * 200_001)


def _sheet(path: Path, sheet_xml, level: int = 1) -> Path:
    """An .xlsx of one sheet whose XML `sheet_xml(out)` writes, with the parts Excel needs."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["户编号"])
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            sheet_xml(sheet)
            sheet.write(b"</worksheet>")
    return path


def hh_xlsx_stating_thirty_million_rows(tmp):
    """Finding 3 in small: a good register of one household in a sheet whose dimension states
    30 million rows (a writer that lies, or rows formatted down to the bottom)."""
    def cells(number, values):
        return b'<row r="%d">%s</row>' % (number, b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (column, number, value.encode())
            for column, value in zip((b"A", b"B", b"C", b"D", b"E"), values)))

    def write(out):
        out.write(b'<dimension ref="A1:E30000000"/><sheetData>')
        out.write(cells(1, ["code", "head_name", "group", "village", "members"]))
        out.write(cells(2, ["MH-001", "张三", "一组", "梅槐村", "3"]))
        out.write(b"</sheetData>")
    return _sheet(tmp / "三千万行.xlsx", write)


def hh_xlsx_unpacking_past_limit(tmp):
    """A sheet of one-cell rows, without a dimension, whose XML unpacks to over 200 MB from a
    zip of under 1 MB."""
    def write(out):
        out.write(b"<sheetData>")
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                        for n in range(1, 10_001))
        for _ in range(500):
            out.write(rows)
        out.write(b"</sheetData>")
    return _sheet(tmp / "解压太大.xlsx", write)


# --- files a reader takes and an import refuses: where the features lie --------------------


def channel_at_null_island(tmp):
    return _geojson(tmp / "零点.geojson", [
        ({"code": "GZQ"}, _line().__geo_interface__),
        ({"code": "THG"}, LineString([(0, 0), (0.01, 0.005)]).__geo_interface__)])


def pond_near_the_south_pole(tmp):
    return _geojson(tmp / "南极.geojson", [
        ({"code": "P1"}, _square(112.08, -89.5).__geo_interface__)])


def source_in_new_york(tmp):
    return _geojson(tmp / "纽约水源.geojson", [
        ({"code": "S1", "name": "Hudson"}, Point(-74.006, 40.7128).__geo_interface__)])


def boundary_swapped(tmp):
    return _geojson(tmp / "经纬颠倒.geojson", [
        ({"name": "流域"}, _square(30.37, 50.0).__geo_interface__)])


def hh_in_new_york(tmp):
    return _households(tmp, "纽约住户.csv", "MH-002,李四,一组,梅槐村,,3,-74.006,40.7128\n")


def _case(id, kind, make, key, **extra):
    return BadInput(id, kind, make, key, extra)


BAD_INPUTS: list[BadInput] = [
    _case("missing file", "channels", missing_file, "geo.file_missing"),
    _case("a directory", "channels", directory, "geo.not_a_file"),
    _case("unsupported suffix", "channels", unsupported_suffix, "geo.format_unsupported"),
    _case("empty GeoJSON file", "channels", empty_geojson, "geo.file_empty"),
    _case("GeoJSON without features", "channels", zero_features, "geo.no_features"),
    _case("truncated GeoJSON", "channels", truncated_geojson, "geo.file_unreadable"),
    _case("garbage .gpkg", "ponds", garbage_gpkg, "geo.file_unreadable"),
    _case("garbage .zip", "channels", garbage_zip, "geo.file_unreadable"),
    _case("garbage .geojson", "sources", garbage_geojson, "geo.file_unreadable"),
    _case("garbage .kml", "boundary", garbage_kml, "geo.file_unreadable"),
    _case("points as channels", "channels", points_as_channels, "geo.channel_not_line"),
    _case("lines as ponds", "ponds", lines_as_ponds, "geo.pond_not_polygon"),
    _case("polygons as sources", "sources", polygons_as_sources, "geo.source_not_point"),
    _case("lines as boundary", "boundary", lines_as_boundary, "geo.boundary_not_polygon"),
    _case("channel in parts", "channels", multipart_channel, "geo.channel_multipart"),
    _case("null geometry", "channels", null_geometry, "geo.geometry_missing"),
    _case("empty geometry", "channels", empty_geometry, "geo.geometry_empty"),
    _case("line with one point", "channels", damaged_geometry, "geo.geometry_damaged"),
    _case("latitude out of range", "sources", out_of_range, "geo.out_of_range"),
    _case("Gauss-Kruger zip without .prj", "channels", projected_without_crs,
          "geo.crs_missing_gauss_kruger"),
    _case("Gauss-Kruger GeoJSON without crs", "channels", projected_geojson_without_crs_member,
          "geo.crs_not_degrees_gauss_kruger"),
    _case("unknown --crs", "channels", unknown_crs, "geo.crs_unknown", crs="EPSG:999999"),
    _case("--gcj02 on projected data", "channels", gcj02_on_projected,
          "geo.gcj02_needs_degrees", gcj02=True),
    _case("projected CRS with degrees", "channels", projected_crs_degree_coordinates,
          "geo.crs_projected_but_degrees"),
    _case("zip without .dbf", "channels", zip_without_dbf, "geo.shapefile_part_missing"),
    _case("zip without .shx", "channels", zip_without_shx, "geo.shapefile_part_missing"),
    _case("zip without .shp", "channels", zip_without_shp, "geo.zip_without_shapefile"),
    _case(".shp without .dbf", "channels", shp_without_dbf, "geo.shapefile_part_missing"),
    _case(".cpg that names the wrong encoding", "channels", cpg_that_lies,
          "geo.encoding_mismatch"),
    _case("duplicate codes", "channels", duplicate_codes, "geo.code_duplicate"),
    _case("blank code", "channels", blank_code, "geo.code_blank"),
    _case("code with a space", "channels", code_with_space, "geo.code_whitespace"),
    _case("name field that does not exist", "channels", missing_name_field,
          "geo.name_field_missing", name_field="河名"),
    _case("ambiguous GeoPackage layer", "channels", ambiguous_layer, "geo.layer_ambiguous"),
    _case("unknown layer", "channels", unknown_layer, "geo.layer_unknown", layer="沟渠"),
    _case("GeoPackage with only a table", "channels", only_attribute_table, "geo.no_layers"),
    _case("zero-length channel", "channels", zero_length_channel, "geo.channel_too_short"),
    _case("pond of zero area", "ponds", flat_pond, "geo.repair_unusable"),
    _case("missing household file", "households", hh_missing_file, "households.file_missing"),
    _case(".xls household file", "households", hh_unsupported_suffix,
          "households.format_unsupported"),
    _case("empty household file", "households", hh_empty_file, "households.file_empty"),
    _case("header only", "households", hh_header_only, "households.no_rows"),
    _case("garbage .xlsx", "households", hh_garbage_xlsx, "households.not_xlsx"),
    _case("zip that is no workbook", "households", hh_zip_not_xlsx, "households.not_xlsx"),
    _case("garbage .csv", "households", hh_garbage_csv, "households.not_text"),
    _case("missing columns", "households", hh_missing_columns, "households.missing_columns"),
    _case("column given twice", "households", hh_duplicate_column,
          "households.duplicate_column"),
    _case("duplicate household codes", "households", hh_duplicate_codes,
          "households.code_duplicate"),
    _case("blank head name", "households", hh_blank_head_name, "households.blank"),
    _case("members not a number", "households", hh_non_numeric_members,
          "households.members_not_whole"),
    _case("members a fraction", "households", hh_fractional_members,
          "households.members_not_whole"),
    _case("zero members", "households", hh_zero_members, "households.members_range"),
    _case("lon without lat", "households", hh_lon_without_lat, "households.coordinate_half"),
    _case("household latitude out of range", "households", hh_lat_out_of_range,
          "households.latitude_range"),
    _case("longitude not a number", "households", hh_lon_not_number,
          "households.coordinate_not_number"),
    _case("phone with letters", "households", hh_bad_phone, "households.phone_characters"),
    _case("phone too short", "households", hh_short_phone, "households.phone_length"),
    _case("row with a stray comma", "households", hh_stray_comma, "households.row_too_long"),
    _case("xlsx with a blank village", "households", hh_xlsx_blank_village, "households.blank"),
    # Issue 16: limits (finding 3), a CSV cell past the csv module's limit (6), encodings (8).
    _case("GeoJSON over the size limit", "channels", oversized_geojson, "geo.file_too_large"),
    _case("zip whose .dbf unpacks to 120 MB", "channels", dbf_bomb, "geo.unpacked_too_large"),
    _case("zip of 1,007 members", "channels", zip_of_many_members, "geo.zip_too_many_members"),
    _case("line of 100,001 vertices", "channels", line_of_too_many_vertices,
          "geo.feature_too_many_vertices"),
    _case("UTF-8 .dbf whose .cpg says GBK", "channels", utf8_dbf_declared_gbk,
          "geo.encoding_doubtful"),
    _case("CSV over the size limit", "households", hh_oversized_csv, "table.file_too_large"),
    _case("CSV cell of 140,000 characters", "households", hh_cell_past_csv_limit,
          "table.cell_too_long"),
    _case("CSV with an unclosed quote", "households", hh_unclosed_quote, "table.cell_too_long"),
    _case("CSV of 208 columns", "households", hh_too_many_columns, "table.too_many_columns"),
    _case("CSV of 200,001 rows", "households", hh_too_many_rows, "table.too_many_rows"),
    _case("xlsx stating 30 million rows", "households", hh_xlsx_stating_thirty_million_rows,
          "table.too_many_rows"),
    _case("xlsx unpacking past the limit", "households", hh_xlsx_unpacking_past_limit,
          "table.unpacked_too_large"),
]

# Issue 16, finding 9: read without complaint, refused by the import (an empty basin: China only).
BAD_IMPORTS: list[BadInput] = BAD_INPUTS + [
    _case("channel at (0, 0)", "channels", channel_at_null_island, "import.outside_china"),
    _case("pond near the South Pole", "ponds", pond_near_the_south_pole, "import.outside_china"),
    _case("source in New York", "sources", source_in_new_york, "import.outside_china"),
    _case("boundary with lon and lat swapped", "boundary", boundary_swapped,
          "import.outside_china"),
    _case("household in New York", "households", hh_in_new_york,
          "import.household_outside_china"),
]

