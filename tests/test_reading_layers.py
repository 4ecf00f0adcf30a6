"""Reading channels, ponds, sources and boundaries from GIS files (watershed.geo.reading)."""

import json
import warnings
import zipfile

import geopandas
import numpy
import pandas
import pyogrio
import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from tests.bad_inputs import BAD_INPUTS, GK_4546
from watershed.errors import InputError
from watershed.geo.attributes import next_code_number
from watershed.geo.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from watershed.geo.reading import LAYER_KINDS, read_layer
from watershed.geo.shapefiles import _member_name

GEOD = pyproj.Geod(ellps="WGS84")
MEIHUAI = (112.08, 30.37)


def metres_between(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def line(x0=112.08, y0=30.37, dx=0.01):
    return LineString([(x0, y0), (x0 + dx, y0 + dx / 2)])


def square(x0=112.08, y0=30.37, side=0.002):
    return Polygon([(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)])


def frame(rows, geometries, crs="EPSG:4326"):
    return geopandas.GeoDataFrame(pandas.DataFrame(rows), geometry=geometries, crs=crs)


def channels_frame(crs="EPSG:4326"):
    return frame(
        [
            {"code": "GZQ", "name": "港中渠", "kind": "干渠", "parent": None},
            {"code": "GZQ-1", "name": "港中渠一支", "kind": "支渠", "parent": "GZQ"},
        ],
        [line(), line(112.09)],
        crs,
    )


def write_shapefile(folder, stem, data, encoding="UTF-8"):
    folder.mkdir(parents=True, exist_ok=True)
    shp = folder / f"{stem}.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # writing without a CRS, on purpose
        pyogrio.write_dataframe(data, shp, encoding=encoding)
    return shp


def zip_parts(path, shp):
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(shp.parent.glob(shp.stem + ".*")):
            archive.write(part, "数据/" + part.name)
    return path


def write_geojson(path, features, crs=None):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry}
        for props, geometry in features
    ]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


# --- formats -------------------------------------------------------------------------------


def test_channels_in_geojson_are_read_with_code_name_kind_and_parent(tmp_path):
    path = tmp_path / "渠道.geojson"
    channels_frame().to_file(path)
    read = read_layer(path, "channels")
    assert list(read.features.columns) == ["code", "name", "kind", "parent", "geometry"]
    assert read.features.crs.to_epsg() == 4326
    assert read.source_crs == "EPSG:4326"
    assert read.warnings == []
    first, second = read.features.itertuples()
    assert (first.code, first.name, first.kind, first.parent) == ("GZQ", "港中渠", "干渠", None)
    assert (second.code, second.parent) == ("GZQ-1", "GZQ")
    assert first.geometry.equals_exact(line(), 1e-9)


def test_ponds_in_a_geopackage_with_chinese_field_names_are_read(tmp_path):
    path = tmp_path / "鱼塘.gpkg"
    ponds = frame([{"编号": "P-07", "名称": "七号塘", "塘主": "王五"}], [square()])
    ponds.to_file(path, layer="鱼塘")
    read = read_layer(path, "ponds")
    assert list(read.features.columns) == ["code", "name", "owner", "geometry"]
    assert read.features.iloc[0][["code", "name", "owner"]].tolist() == ["P-07", "七号塘", "王五"]


@pytest.mark.parametrize("zipped", [True, False], ids=["zipped", "plain .shp"])
def test_a_shapefile_is_read_zipped_or_plain(tmp_path, zipped):
    shp = write_shapefile(tmp_path / "parts", "渠道", channels_frame())
    path = zip_parts(tmp_path / "渠道.zip", shp) if zipped else shp
    read = read_layer(path, "channels")
    assert read.features["name"].tolist() == ["港中渠", "港中渠一支"]
    assert read.source_crs == "EPSG:4326"


def test_a_kml_from_a_map_app_gets_its_placemark_names_and_generated_codes(tmp_path):
    path = tmp_path / "港渠.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        "<Document><name>港渠</name>"
        "<Placemark><name>港中渠</name><LineString><coordinates>"
        "112.08,30.37,0 112.09,30.375,0</coordinates></LineString></Placemark>"
        "<Placemark><name>太湖港</name><LineString><coordinates>"
        "112.10,30.37,0 112.11,30.375,0</coordinates></LineString></Placemark>"
        "</Document></kml>",
        encoding="utf-8",
    )
    read = read_layer(path, "channels")
    assert read.features["code"].tolist() == ["C0001", "C0002"]
    assert read.features["name"].tolist() == ["港中渠", "太湖港"]
    assert not read.features.geometry.has_z.any()


def test_a_kml_written_by_gdal_keeps_its_code_and_name_fields(tmp_path):
    path = tmp_path / "渠道.kml"
    channels_frame().to_file(path, driver="KML")
    read = read_layer(path, "channels")
    assert read.features["code"].tolist() == ["GZQ", "GZQ-1"]
    assert read.features["name"].tolist() == ["港中渠", "港中渠一支"]


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize("zipped", [True, False], ids=["zipped", "plain .shp"])
def test_a_gbk_shapefile_without_cpg_decodes_its_chinese_names(tmp_path, zipped):
    data = frame([{"编号": "GZQ", "名称": "港中渠"}], [line()])
    shp = write_shapefile(tmp_path / "parts", "港渠", data, encoding="GB18030")
    shp.with_suffix(".cpg").unlink()
    assert "港中渠".encode("gbk") in shp.with_suffix(".dbf").read_bytes()
    path = zip_parts(tmp_path / "港渠.zip", shp) if zipped else shp
    read = read_layer(path, "channels")
    assert read.features[["code", "name"]].values.tolist() == [["GZQ", "港中渠"]]


def test_a_utf8_shapefile_without_cpg_is_still_read_as_utf8(tmp_path):
    shp = write_shapefile(tmp_path, "港渠", frame([{"名称": "港中渠"}], [line()]))
    shp.with_suffix(".cpg").unlink()
    assert read_layer(shp, "channels").features["name"].tolist() == ["港中渠"]


def test_a_cpg_naming_code_page_936_is_trusted(tmp_path):
    shp = write_shapefile(tmp_path, "港渠", frame([{"name": "港中渠"}], [line()]), "GB18030")
    shp.with_suffix(".cpg").write_text("936", encoding="ascii")
    assert read_layer(shp, "channels").features["name"].tolist() == ["港中渠"]


def test_zip_member_names_from_chinese_windows_are_decoded():
    info = zipfile.ZipInfo("港渠.shp".encode("gbk").decode("cp437"))
    info.flag_bits = 0  # no UTF-8 flag, as zipped by Windows in a Chinese locale
    assert _member_name(info) == "港渠.shp"


# --- coordinate systems --------------------------------------------------------------------


def gauss_kruger_shapefile(tmp_path, with_prj=True):
    x, y = GK_4546
    data = frame([{"code": "S01", "name": "水源"}], [Point(x, y)], crs="EPSG:4546")
    shp = write_shapefile(tmp_path / "gk", "水源", data)
    if not with_prj:
        shp.with_suffix(".prj").unlink()
    return shp


def test_a_gauss_kruger_file_with_its_prj_lands_within_a_metre_of_the_right_place(tmp_path):
    read = read_layer(gauss_kruger_shapefile(tmp_path), "sources")
    point = read.features.geometry.iloc[0]
    assert read.source_crs == "EPSG:4546"
    assert metres_between((point.x, point.y), MEIHUAI) < 1


def test_the_same_file_without_its_prj_is_refused_naming_the_crs_option(tmp_path):
    shp = gauss_kruger_shapefile(tmp_path, with_prj=False)
    with pytest.raises(InputError) as refused:
        read_layer(shp, "sources")
    assert refused.value.key == "geo.crs_missing_gauss_kruger"
    for lang in ("zh", "en"):
        assert "--crs" in refused.value.message(lang)
        assert "EPSG:4546" in refused.value.message(lang)


@pytest.mark.parametrize("option", ["EPSG:4546", "4546", " epsg:4546 "])
def test_the_file_without_its_prj_is_read_when_the_crs_is_given(tmp_path, option):
    read = read_layer(gauss_kruger_shapefile(tmp_path, with_prj=False), "sources", crs=option)
    point = read.features.geometry.iloc[0]
    assert read.source_crs == "EPSG:4546"
    assert metres_between((point.x, point.y), MEIHUAI) < 1


def test_the_crs_option_overrides_what_the_file_says(tmp_path):
    x, y = GK_4546
    point = Point(x, y).__geo_interface__
    path = write_geojson(tmp_path / "米制.geojson", [({"code": "S01"}, point)])
    read = read_layer(path, "sources", crs="EPSG:4546")  # GDAL says EPSG:4326 for GeoJSON
    point = read.features.geometry.iloc[0]
    assert metres_between((point.x, point.y), MEIHUAI) < 1


def test_zone_prefixed_gauss_kruger_eastings_suggest_their_zone(tmp_path):
    x, y = GK_4546
    path = write_geojson(
        tmp_path / "带号.geojson", [({"code": "S01"}, Point(37e6 + x, y).__geo_interface__)]
    )
    with pytest.raises(InputError) as refused:
        read_layer(path, "sources")
    assert refused.value.params["suggestion"] == "EPSG:4525"


def test_cgcs2000_longitude_latitude_is_taken_as_it_is(tmp_path):
    path = tmp_path / "cgcs2000.gpkg"
    frame([{"code": "S01"}], [Point(*MEIHUAI)], crs="EPSG:4490").to_file(path)
    read = read_layer(path, "sources")
    assert read.source_crs == "EPSG:4490"
    point = read.features.geometry.iloc[0]
    assert metres_between((point.x, point.y), MEIHUAI) < 0.01


def test_longitude_latitude_without_any_crs_is_read_as_wgs84_with_a_warning(tmp_path):
    data = frame([{"code": "S01"}], [Point(*MEIHUAI)], crs=None)
    shp = write_shapefile(tmp_path, "无prj水源", data)
    read = read_layer(shp, "sources")
    assert read.source_crs == "EPSG:4326"
    assert [w.key for w in read.warnings] == ["geo.crs_assumed_wgs84"]
    assert "无prj水源.shp" in read.warnings[0].message("zh")


# --- GCJ-02 --------------------------------------------------------------------------------


def test_the_gcj02_shift_near_the_basin_is_about_600_to_650_metres():
    lon, lat = wgs84_to_gcj02([MEIHUAI[0]], [MEIHUAI[1]])
    assert 600 < metres_between(MEIHUAI, (lon[0], lat[0])) < 650


@settings(max_examples=300, deadline=None)
@given(st.floats(73.7, 135.0), st.floats(4.0, 53.5))
def test_gcj02_round_trips_within_a_centimetre(lon, lat):
    gcj_lon, gcj_lat = wgs84_to_gcj02([lon], [lat])
    back_lon, back_lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert metres_between((lon, lat), (back_lon[0], back_lat[0])) < 0.01


def test_reading_with_gcj02_moves_the_features_back_to_wgs84(tmp_path):
    wgs = numpy.array([[112.08, 30.37], [112.09, 30.375], [112.095, 30.38]])
    gcj_lon, gcj_lat = wgs84_to_gcj02(wgs[:, 0], wgs[:, 1])
    drawn = LineString(numpy.column_stack([gcj_lon, gcj_lat]))
    path = write_geojson(tmp_path / "高德.geojson", [({"code": "GZQ"}, drawn.__geo_interface__)])
    read = read_layer(path, "channels", gcj02=True)
    got = shapely.get_coordinates(read.features.geometry.iloc[0])
    for (lon, lat), (want_lon, want_lat) in zip(got, wgs):
        assert metres_between((lon, lat), (want_lon, want_lat)) < 0.01


# --- attributes and shapes -----------------------------------------------------------------


def test_an_invalid_pond_is_repaired_with_a_warning_naming_the_feature(tmp_path):
    bowtie = Polygon([(112.08, 30.37), (112.082, 30.372), (112.082, 30.37), (112.08, 30.372)])
    path = write_geojson(
        tmp_path / "鱼塘.geojson",
        [({"code": "P01", "name": "一号塘"}, square(112.09).__geo_interface__),
         ({"code": "P02", "name": "蝴蝶塘"}, bowtie.__geo_interface__)],
    )
    read = read_layer(path, "ponds")
    assert read.features.geometry.is_valid.all()
    assert read.features.geometry.iloc[1].geom_type == "MultiPolygon"
    (warning,) = read.warnings
    assert warning.key == "geo.repaired"
    for lang in ("zh", "en"):
        text = warning.message(lang)
        assert "鱼塘.geojson" in text and "P02" in text and "蝴蝶塘" in text and "2" in text


@pytest.mark.parametrize(
    "kind, geometry, codes",
    [
        ("channels", line(), ["C0001", "C0002"]),
        ("ponds", square(), ["P01", "P02"]),
        ("sources", Point(*MEIHUAI), ["S01", "S02"]),
    ],
)
def test_codes_are_generated_from_the_kind_when_the_file_has_none(tmp_path, kind, geometry, codes):
    moved = shapely.affinity.translate(geometry, xoff=0.01)
    path = write_geojson(tmp_path / f"{kind}.geojson", [
        ({"name": "甲"}, geometry.__geo_interface__), ({"name": "乙"}, moved.__geo_interface__),
    ])
    assert read_layer(path, kind).features["code"].tolist() == codes


def test_numeric_codes_are_read_as_text(tmp_path):
    path = tmp_path / "数字编号.gpkg"
    frame([{"code": 7}, {"code": 8}], [line(), line(112.1)]).to_file(path)
    assert read_layer(path, "channels").features["code"].tolist() == ["7", "8"]


def test_the_name_field_option_chooses_the_name_column(tmp_path):
    path = write_geojson(tmp_path / "渠.geojson", [
        ({"code": "GZQ", "name": "1号", "河名": "港中渠"}, line().__geo_interface__),
    ])
    assert read_layer(path, "channels", name_field="河名").features["name"].tolist() == ["港中渠"]


def test_several_boundary_features_become_one(tmp_path):
    path = write_geojson(tmp_path / "边界.geojson", [
        ({"name": "梅槐片区"}, square(side=0.01).__geo_interface__),
        ({"name": "梅槐片区"}, square(112.09, side=0.01).__geo_interface__),
    ])
    read = read_layer(path, "boundary")
    assert len(read.features) == 1
    assert read.features.iloc[0]["name"] == "梅槐片区"
    assert read.features.geometry.iloc[0].geom_type == "Polygon"


def test_a_channel_in_parts_that_join_up_is_read_as_one_line(tmp_path):
    parts = MultiLineString(
        [[(112.08, 30.37), (112.09, 30.375)], [(112.09, 30.375), (112.1, 30.38)]]
    )
    path = write_geojson(tmp_path / "渠.geojson", [({"code": "GZQ"}, parts.__geo_interface__)])
    geometry = read_layer(path, "channels").features.geometry.iloc[0]
    assert geometry.geom_type == "LineString"
    assert shapely.get_coordinates(geometry).tolist() == [
        [112.08, 30.37], [112.09, 30.375], [112.1, 30.38],
    ]


def test_heights_are_dropped(tmp_path):
    path = write_geojson(tmp_path / "z.geojson", [
        ({"code": "S01"}, {"type": "Point", "coordinates": [112.08, 30.37, 25.0]}),
    ])
    assert not read_layer(path, "sources").features.geometry.has_z.any()


def test_the_layer_named_after_the_kind_is_chosen_in_a_geopackage(tmp_path):
    path = tmp_path / "流域.gpkg"
    frame([{"code": "GZQ"}], [line()]).to_file(path, layer="channels")
    frame([{"code": "P01"}], [square()]).to_file(path, layer="ponds")
    assert read_layer(path, "ponds").features["code"].tolist() == ["P01"]
    assert read_layer(path, "channels", layer="channels").features["code"].tolist() == ["GZQ"]


def test_every_problem_in_a_file_is_reported_not_just_the_first(tmp_path):
    path = write_geojson(tmp_path / "多处问题.geojson", [
        ({"code": "A"}, line().__geo_interface__),
        ({"code": "A"}, line(112.1).__geo_interface__),
        ({"code": "B"}, None),
        ({"code": "C"}, Point(*MEIHUAI).__geo_interface__),
    ])
    with pytest.raises(InputError) as refused:
        read_layer(path, "channels")
    keys = [problem.key for problem in refused.value.problems]
    assert keys == ["geo.code_duplicate", "geo.geometry_missing", "geo.channel_not_line"]
    assert [p.params["number"] for p in refused.value.problems] == [2, 3, 4]
    assert "2" in str(refused.value)


# --- names, codes, split and joined lines ---------------------------------------------------


def east(x0, metres, y0=30.37):
    """A line running east from (x0, y0) for about `metres`, as [[lon, lat], …]."""
    lon, lat, _ = GEOD.fwd(x0, y0, 90, metres)
    return [[x0, y0], [lon, lat]]


def test_names_come_from_the_first_filled_field_feature_by_feature(tmp_path):
    path = write_geojson(tmp_path / "osm.geojson", [
        ({"name": "南水北调总干渠", "name:zh": "南水北调总干渠"}, line().__geo_interface__),
        ({"name_zh": "湍河"}, line(112.1).__geo_interface__),
        ({"name": "  ", "name:zh": "刁河"}, line(112.12).__geo_interface__),
        ({"name": " "}, line(112.14).__geo_interface__),
    ])
    read = read_layer(path, "channels")
    assert read.features["name"].tolist() == ["南水北调总干渠", "湍河", "刁河", None]
    assert read.name_fields == ["name", "name_zh", "name:zh"]
    assert read.warnings == []


@pytest.mark.parametrize("field", ["NAME", "名称", "河名", "渠名", "Name_ZH"])
def test_names_are_found_under_any_of_the_usual_fields_in_any_case(tmp_path, field):
    path = write_geojson(tmp_path / "渠.geojson", [({field: "港中渠"}, line().__geo_interface__)])
    read = read_layer(path, "channels")
    assert read.features["name"].tolist() == ["港中渠"] and read.name_fields == [field]


def test_the_name_field_option_uses_that_field_alone(tmp_path):
    path = write_geojson(tmp_path / "渠.geojson", [
        ({"name": "1号", "河名": "港中渠"}, line().__geo_interface__),
        ({"name": "2号", "河名": " "}, line(112.1).__geo_interface__),
    ])
    read = read_layer(path, "channels", name_field="河名")
    assert read.features["name"].tolist() == ["港中渠", None] and read.name_fields == ["河名"]


@pytest.mark.parametrize("properties", [{"name": " "}, {"name": "\u3000", "name_zh": ""}, {"code": "A"}],
                         ids=["spaces", "full-width space and empty", "no name field"])
def test_a_file_in_which_no_channel_has_a_name_is_read_with_a_warning(tmp_path, properties):
    path = write_geojson(tmp_path / "无名.geojson", [(properties, line().__geo_interface__)])
    read = read_layer(path, "channels")
    assert read.features["name"].tolist() == [None] and read.name_fields == []
    (warning,) = read.warnings
    assert warning.key == "geo.names_blank"
    for lang in ("zh", "en"):
        assert "无名.geojson" in warning.message(lang) and "--name-field" in warning.message(lang)


def test_sources_without_names_are_read_without_a_warning(tmp_path):
    path = write_geojson(tmp_path / "水源.geojson", [({}, Point(*MEIHUAI).__geo_interface__)])
    assert read_layer(path, "sources").warnings == []


def test_generated_codes_start_where_they_are_told_with_the_prefix_given(tmp_path):
    path = write_geojson(tmp_path / "渠.geojson", [
        ({"name": "甲"}, line().__geo_interface__), ({"name": "乙"}, line(112.1).__geo_interface__),
    ])
    assert read_layer(path, "channels", first_code=18).features["code"].tolist() == ["C0018", "C0019"]
    assert read_layer(path, "channels", code_prefix="DZ").features["code"].tolist() == [
        "DZ0001", "DZ0002"]


def test_numbering_goes_on_after_the_highest_code_of_that_prefix():
    stored = {"C0017", "C0009-2", "GZQ", "C12A", "DZ0040"}
    assert next_code_number(stored, "C") == 18
    assert next_code_number(stored, "DZ") == 41
    assert next_code_number(stored, "XYZ") == 1


@pytest.mark.parametrize("prefix", ["", "  ", "G Z", "C1", "X" * 21])
def test_a_code_prefix_that_could_not_be_numbered_on_is_refused(tmp_path, prefix):
    with pytest.raises(InputError) as refused:
        read_layer(channels_frame_file(tmp_path), "channels", code_prefix=prefix)
    assert refused.value.key == "geo.code_prefix_bad" and "--code-prefix" in str(refused.value)


def channels_frame_file(tmp_path):
    path = tmp_path / "渠道.geojson"
    channels_frame().to_file(path)
    return path


def test_ignoring_codes_generates_them_even_when_the_file_has_a_code_field(tmp_path):
    path = write_geojson(tmp_path / "osm.geojson", [
        ({"code": "AFH12006", "name": "信江"}, line().__geo_interface__),
        ({"code": "AFH12006", "name": "信江"}, line(112.1).__geo_interface__),
        ({"name": "无名河"}, line(112.12).__geo_interface__),
    ])
    with pytest.raises(InputError) as refused:
        read_layer(path, "channels")
    assert [p.key for p in refused.value.problems] == ["geo.code_duplicate", "geo.code_blank"]
    for problem in refused.value.problems:
        assert "--ignore-codes" in problem.message("zh") and "--ignore-codes" in problem.message("en")
    read = read_layer(path, "channels", ignore_codes=True)
    assert read.features["code"].tolist() == ["C0001", "C0002", "C0003"]


CLIPPED = MultiLineString([east(112.08, 500), east(112.10, 300), east(112.12, 400)])


def test_a_line_in_parts_that_do_not_join_is_refused_naming_explode(tmp_path):
    path = write_geojson(tmp_path / "长江.geojson", [({"name": "长江"}, CLIPPED.__geo_interface__)])
    with pytest.raises(InputError) as refused:
        read_layer(path, "channels")
    assert refused.value.key == "geo.channel_multipart"
    assert "--explode" in refused.value.message("zh") and "--explode" in refused.value.message("en")


def test_explode_makes_a_channel_of_each_part_named_and_coded_after_the_line(tmp_path):
    path = write_geojson(tmp_path / "长江.geojson", [
        ({"name": "长江"}, CLIPPED.__geo_interface__), ({"name": "汉江"}, line(112.2).__geo_interface__),
    ])
    read = read_layer(path, "channels", explode=True)
    assert read.features["code"].tolist() == ["C0001-1", "C0001-2", "C0001-3", "C0002"]
    assert read.features["name"].tolist() == ["长江 (1)", "长江 (2)", "长江 (3)", "汉江"]
    assert [g.coords[:] for g in read.features.geometry[:3]] == [p.coords[:] for p in CLIPPED.geoms]
    assert read.exploded == (1, 3)


def test_explode_keeps_parts_that_join_as_one_line_and_derives_codes_from_the_file(tmp_path):
    joining = MultiLineString([east(112.08, 500), [CLIPPED.geoms[0].coords[-1], (112.095, 30.371)],
                               east(112.12, 400)])
    path = write_geojson(tmp_path / "渠.geojson", [({"code": "GZQ"}, joining.__geo_interface__)])
    read = read_layer(path, "channels", explode=True)
    assert read.features["code"].tolist() == ["GZQ-1", "GZQ-2"]
    assert read.features["name"].tolist() == [None, None]
    assert len(read.features.geometry[0].coords) == 3


def test_a_code_derived_for_a_part_may_not_be_another_features_code(tmp_path):
    path = write_geojson(tmp_path / "渠.geojson", [
        ({"code": "GZQ"}, CLIPPED.__geo_interface__), ({"code": "GZQ-2"}, line(112.2).__geo_interface__),
    ])
    with pytest.raises(InputError) as refused:
        read_layer(path, "channels", explode=True)
    assert refused.value.key == "geo.code_duplicate" and refused.value.params["code"] == "GZQ-2"


def pieces(*steps):
    """Lines drawn one after the other: (metres, gap before it in metres, name) each; without
    a gap a line starts on the vertex where the one before ends."""
    lines, start = [], (112.08, 30.37)
    for metres, gap, name in steps:
        if gap:
            start = GEOD.fwd(*start, 90, gap)[:2]
        coords = east(start[0], metres, start[1])
        lines.append(({"name": name} if name else {}, LineString(coords).__geo_interface__))
        start = coords[-1]
    return lines


def test_pieces_of_one_named_channel_that_join_are_merged_upstream_first(tmp_path):
    head, middle, tail = pieces((100, 0, "二圩横河"), (3.8, 0, "二圩横河"), (900, 0.5, "二圩横河"))
    other = ({"name": "别的河"}, line(112.2).__geo_interface__)
    path = write_geojson(tmp_path / "osm.geojson", [tail, other, middle, head])
    read = read_layer(path, "channels", merge_by_name=True)
    assert read.merged == (3, 1)
    # The joined channel takes the place (and so the code) of its upstream piece, the 4th.
    assert read.features[["code", "name"]].values.tolist() == [
        ["C0001", "别的河"], ["C0002", "二圩横河"]]
    merged = read.features.geometry[1]
    assert merged.coords[0] == tuple(head[1]["coordinates"][0])
    assert merged.coords[-1] == tuple(tail[1]["coordinates"][-1])
    assert len(merged.coords) == 2 + 1 + 2  # the shared joint once, the 0.5 m gap bridged
    assert GEOD.geometry_length(merged) == pytest.approx(100 + 3.8 + 0.5 + 900, abs=0.01)


@pytest.mark.parametrize("steps", [
    [(100, 0, None), (100, 0, None)],
    [(100, 0, "甲"), (100, 0, "乙")],
    [(100, 0, "甲"), (100, 1.5, "甲")],
], ids=["unnamed", "other names", "1.5 m apart"])
def test_pieces_are_not_merged_without_one_name_and_a_joint_within_a_metre(tmp_path, steps):
    path = write_geojson(tmp_path / "渠.geojson", pieces(*steps))
    read = read_layer(path, "channels", merge_by_name=True)
    assert len(read.features) == 2 and read.merged == (0, 0)


def test_pieces_drawn_head_to_head_or_forking_are_left_as_drawn(tmp_path):
    first, second = pieces((100, 0, "甲"), (100, 0, "甲"))
    coords = second[1]["coordinates"]
    backwards = ({"name": "甲"}, {"type": "LineString", "coordinates": coords[::-1]})
    fork = ({"name": "甲"}, {"type": "LineString", "coordinates": [coords[0], [coords[0][0], 30.372]]})
    for features in ([first, backwards], [first, second, fork]):
        path = write_geojson(tmp_path / "渠.geojson", features)
        read = read_layer(path, "channels", merge_by_name=True)
        assert read.merged == (0, 0) and len(read.features) == len(features)


def test_pieces_sharing_a_code_may_be_merged_into_one_channel_with_it(tmp_path):
    steps = pieces((300, 0, "港中渠"), (300, 0, "港中渠"))
    path = write_geojson(tmp_path / "渠.geojson", [
        ({**properties, "code": "GZQ", "kind": kind}, geometry)
        for (properties, geometry), kind in zip(steps, ["干渠", "支渠"])])
    with pytest.raises(InputError):
        read_layer(path, "channels")
    read = read_layer(path, "channels", merge_by_name=True)
    assert read.features[["code", "name", "kind"]].values.tolist() == [["GZQ", "港中渠", "干渠"]]


# --- the catalogue of bad inputs -----------------------------------------------------------

LAYER_CASES = [case for case in BAD_INPUTS if case.kind in LAYER_KINDS]


def test_the_bad_input_catalogue_holds_at_least_thirty_kinds_with_unique_ids():
    assert len(BAD_INPUTS) >= 30
    assert len({case.id for case in BAD_INPUTS}) == len(BAD_INPUTS)
    assert {case.kind for case in BAD_INPUTS} <= {*LAYER_KINDS, "households"}


@pytest.mark.parametrize("case", LAYER_CASES, ids=[case.id for case in LAYER_CASES])
def test_every_bad_layer_file_is_refused_with_one_line_naming_the_file(tmp_path, case):
    path = case.make(tmp_path)
    with pytest.raises(InputError) as refused:
        read_layer(path, case.kind, **case.extra_args)
    assert refused.value.key == case.expected_key
    for lang in ("zh", "en"):
        text = refused.value.message(lang)
        assert path.name in text
        assert "\n" not in text
