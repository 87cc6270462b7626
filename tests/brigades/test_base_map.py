"""The offline base map: `load_base_map` checks a GeoJSON file as a whole (a bad one is refused with
every problem named, in Chinese, and nothing loaded), loading again replaces the layer, the demo's
synthetic outlines fit the demo towns, and the maps read it with the user's own towns only."""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from brigades import demo
from brigades.models import MapFeature, MapLayer, Town

from ..factories import TownFactory

pytestmark = pytest.mark.django_db


def square(west, south, size=0.05):
    return [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]]


def boundary(name, west=116.0, south=36.4, **properties):
    return {"type": "Feature", "properties": {"name": name, **properties},
            "geometry": {"type": "Polygon", "coordinates": square(west, south)}}


def road(name, coordinates=((116.0, 36.4), (116.1, 36.45))):
    return {"type": "Feature", "properties": {"name": name},
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in coordinates]}}


def write(tmp_path, features, name="layer.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    return path


def load(**options):
    out = io.StringIO()
    call_command("load_base_map", stdout=out, **{k: str(v) for k, v in options.items()})
    return out.getvalue()


def test_boundaries_and_roads_load_and_loading_again_replaces_them(tmp_path, brigade_a):
    town = TownFactory(brigade=brigade_a, name="韩集乡")
    towns = write(tmp_path, [boundary("韩集乡")], "towns.geojson")
    roads = write(tmp_path, [road("G309线"), road("S258线")], "roads.geojson")
    first = load(boundaries=towns, roads=roads)
    assert "已导入“镇街边界”：1 个要素" in first and "已导入“主要道路”：2 个要素" in first
    feature = MapFeature.objects.get(layer__kind="boundaries")
    assert feature.town == town and (feature.west, feature.south, feature.east, feature.north) == (116.0, 36.4, 116.05, 36.45)
    assert MapLayer.objects.get(kind="roads").source == "roads.geojson"

    again = load(boundaries=towns, roads=roads)
    assert "已重新导入“镇街边界”" in again
    assert MapLayer.objects.count() == 2 and MapFeature.objects.count() == 3
    # A new version of the roads replaces the old ones.
    load(roads=write(tmp_path, [road("东阿大道")], "roads2.geojson"))
    assert list(MapFeature.objects.filter(layer__kind="roads").values_list("name", flat=True)) == ["东阿大道"]


@pytest.mark.parametrize(("content", "message"), [
    ("{oops", "不是有效的 JSON（第 1 行"),
    (json.dumps({"type": "Feature"}), "必须是 GeoJSON 要素集合"),
    (json.dumps({"type": "FeatureCollection", "features": []}), "没有任何要素"),
    (json.dumps({"type": "FeatureCollection", "features": [road("G309线")]}), "第 1 个要素：“镇街边界”图层只接受 Polygon / MultiPolygon，不接受 LineString"),
    (json.dumps({"type": "FeatureCollection", "features": [boundary("韩集乡", west=36.4, south=116.0)]}), "先写经度、后写纬度"),
    (json.dumps({"type": "FeatureCollection", "features": [boundary("韩集乡"), boundary("不存在镇")]}), "第 2 个要素：没有名为“不存在镇”的镇街"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "韩集乡"}, "geometry": {
        "type": "Polygon", "coordinates": [[[116.0, 36.4], [116.1, 36.4], [116.1, 36.5], [116.0, 36.5]]]}}]}), "首尾闭合"),
    (json.dumps({"type": "FeatureCollection", "features": [boundary("")]}), "需要在“name”属性中写明镇街名称"),
])
def test_a_bad_boundaries_file_is_refused_in_chinese_and_nothing_is_loaded(tmp_path, brigade_a, content, message):
    TownFactory(brigade=brigade_a, name="韩集乡")
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        load(boundaries=path)
    assert "bad.geojson 未导入" in str(refused.value) and message in str(refused.value)
    assert not MapLayer.objects.exists() and not MapFeature.objects.exists()


def test_a_town_name_two_brigades_share_needs_the_brigade(tmp_path, brigade_a, brigade_b):
    TownFactory(brigade=brigade_a, name="新区街道")
    theirs = TownFactory(brigade=brigade_b, name="新区街道")
    path = write(tmp_path, [boundary("新区街道")])
    with pytest.raises(CommandError, match="多个大队都有名为“新区街道”的镇街"):
        load(boundaries=path)
    load(boundaries=path, brigade=brigade_b.code)
    assert MapFeature.objects.get().town == theirs
    load(boundaries=write(tmp_path, [boundary("新区街道", brigade=brigade_a.code)]))
    assert MapFeature.objects.get().town.brigade == brigade_a


def test_a_bad_road_and_a_reused_layer_name_are_refused(tmp_path, brigade_a):
    TownFactory(brigade=brigade_a, name="韩集乡")
    with pytest.raises(CommandError, match="线至少需要两个坐标点"):
        load(roads=write(tmp_path, [road("G309线", coordinates=((116.0, 36.4),))]))
    load(boundaries=write(tmp_path, [boundary("韩集乡")]), layer="聊城")
    with pytest.raises(CommandError, match="图层“聊城”存放的是镇街边界"):
        load(roads=write(tmp_path, [road("G309线")]), layer="聊城")
    with pytest.raises(CommandError, match="请指定文件"):
        load()


def test_the_maps_read_every_feature_but_only_the_users_own_towns(client_for, staff_a, brigade_a, brigade_b, tmp_path, client):
    ours = TownFactory(brigade=brigade_a, name="韩集乡")
    TownFactory(brigade=brigade_b, name="许营镇")
    load(boundaries=write(tmp_path, [boundary("韩集乡"), boundary("许营镇", west=116.05)]), roads=write(tmp_path, [road("G309线")], "r.geojson"))
    url = reverse("brigades:base_map")
    assert client.get(url).status_code == 302  # logged in only
    data = client_for(staff_a).get(url).json()
    assert data["type"] == "FeatureCollection"
    towns = {f["properties"]["name"]: f["properties"]["town"] for f in data["features"] if f["properties"]["kind"] == "boundaries"}
    assert towns == {"韩集乡": ours.pk, "许营镇": None}
    [line] = [f for f in data["features"] if f["properties"]["kind"] == "roads"]
    assert line["properties"]["name"] == "G309线" and line["geometry"]["type"] == "LineString"


def test_the_demo_loads_synthetic_outlines_of_every_demo_town_once():
    demo.load(scale=0.01, rng=random.Random(1), stdout=io.StringIO())
    layers = MapLayer.objects.all()
    assert {layer.kind for layer in layers} == {"boundaries", "roads"} and all(layer.is_synthetic for layer in layers)
    top_level = Town.objects.filter(parent__isnull=True)
    outlined = set(MapFeature.objects.filter(layer__kind="boundaries").values_list("town_id", flat=True))
    assert outlined == set(top_level.values_list("pk", flat=True))
    before = list(MapFeature.objects.order_by("pk").values_list("pk", flat=True))
    demo.load(scale=0.01, rng=random.Random(1), stdout=io.StringIO())
    assert list(MapFeature.objects.order_by("pk").values_list("pk", flat=True)) == before
