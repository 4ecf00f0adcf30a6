"""A catalogue of bad input files, each written for real into a folder, with the refusal expected.

    for case in BAD_INPUTS:
        path = case.make(tmp_path)            # writes the file(s), returns the path to import
        read_layer(path, case.kind, **case.extra_args)        # kinds: channels, ponds, ...
        read_households(path)                                 # kind: households
        -> InputError whose key is case.expected_key

`extra_args` are read_layer's keyword arguments (layer, crs, gcj02, name_field); on the command
line they are --layer, --crs, --gcj02 and --name-field. Every `make` is self-contained: it only
writes inside the folder it is given, under names of its own, so cases can share a folder.
"""

import json
import random
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
]

