"""In Chromium: the location picker of the hazard form (a click fills the coordinates and suggests the
town from its boundary; typed coordinates move the marker) and the offline base map drawn under the
markers when no tile server is configured."""

import pytest

from brigades.basemap import base_map_load
from brigades.choices import MapLayerKind

from ..browser import log_in
from ..factories import TownFactory, UserFactory
from ..hazards.factories import HazardFactory, category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# settings.MAP_CENTER is (36.456, 115.985): one town west of it, one east, a road across.
WEST, MIDDLE, EAST, SOUTH, NORTH = 115.90, 115.985, 116.07, 36.40, 36.52


def square(west, east):
    return [[[west, SOUTH], [east, SOUTH], [east, NORTH], [west, NORTH], [west, SOUTH]]]


def geojson(*features):
    import json

    return json.dumps({"type": "FeatureCollection", "features": list(features)})


@pytest.fixture
def base_map(brigade_a, settings):
    settings.MAP_TILE_URL = ""
    west = TownFactory(brigade=brigade_a, name="韩集乡")
    east = TownFactory(brigade=brigade_a, name="许营镇")
    base_map_load(name="towns", kind=MapLayerKind.BOUNDARIES, raw=geojson(
        {"type": "Feature", "properties": {"name": "韩集乡"}, "geometry": {"type": "Polygon", "coordinates": square(WEST, MIDDLE)}},
        {"type": "Feature", "properties": {"name": "许营镇"}, "geometry": {"type": "Polygon", "coordinates": square(MIDDLE, EAST)}},
    ))
    base_map_load(name="roads", kind=MapLayerKind.ROADS, raw=geojson(
        {"type": "Feature", "properties": {"name": "G309线"},
         "geometry": {"type": "LineString", "coordinates": [[WEST, 36.45], [EAST, 36.46]]}},
    ))
    return west, east


def test_a_click_on_the_map_fills_the_coordinates_and_suggests_the_town(page, live_server, brigade_a, base_map):
    west, east = base_map
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    category()
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/hazards/new/")
    picker = page.locator("#location-picker")
    page.wait_for_selector("#location-picker[data-ready]")
    # The base map is drawn in its own pane: two outlines and the road.
    assert picker.locator(".leaflet-basemap-pane path.basemap-boundary").count() == 2
    assert picker.locator(".leaflet-basemap-pane path.basemap-road").count() == 1
    assert page.input_value("input[name=latitude]") == "" and page.input_value("select[name=town]") == ""

    box = picker.bounding_box()
    centre = {"x": box["width"] / 2, "y": box["height"] / 2}
    picker.click(position={"x": centre["x"] + 80, "y": centre["y"]})  # east of the centre
    latitude, longitude = float(page.input_value("input[name=latitude]")), float(page.input_value("input[name=longitude]"))
    assert SOUTH < latitude < NORTH and MIDDLE < longitude < EAST
    assert page.input_value("select[name=town]") == str(east.pk)
    assert "许营镇" in page.inner_text("[data-testid=picker-town-hint]")

    # Typing coordinates moves the marker, and the town the picker chose follows it.
    page.fill("input[name=latitude]", "36.460000")
    page.fill("input[name=longitude]", "115.950000")
    assert picker.get_attribute("data-marker-lon") == "115.950000"
    assert page.input_value("select[name=town]") == str(west.pk)

    # A town the clerk chose is not overwritten: the boundary's town is offered instead.
    page.select_option("select[name=town]", str(east.pk))
    picker.click(position={"x": centre["x"] - 20, "y": centre["y"] + 10})
    assert WEST < float(page.input_value("input[name=longitude]")) < MIDDLE
    assert page.input_value("select[name=town]") == str(east.pk)
    page.click("[data-testid=picker-use-town]")
    assert page.input_value("select[name=town]") == str(west.pk)


def test_the_hazard_map_draws_the_base_map_under_the_markers_with_no_tile_server(page, live_server, brigade_a, base_map):
    west, _east = base_map
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    HazardFactory(brigade=brigade_a, town=west, latitude="36.456000", longitude="115.950000")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/hazards/map/")
    page.wait_for_selector("#hazard-map[data-marker-count='1']")
    page.wait_for_selector("#hazard-map[data-basemap-boundaries='2']")
    hazard_map = page.locator("#hazard-map")
    assert hazard_map.locator(".leaflet-basemap-pane path.basemap-boundary").count() == 2
    assert hazard_map.locator(".leaflet-basemap-pane path.basemap-road").count() == 1
    assert hazard_map.locator("img.leaflet-tile").count() == 0
    # Under the markers: the base map's pane is below the overlay pane the hazards are drawn in.
    z = page.evaluate("""() => [getComputedStyle(document.querySelector('#hazard-map .leaflet-basemap-pane')).zIndex,
                                getComputedStyle(document.querySelector('#hazard-map .leaflet-overlay-pane')).zIndex]""")
    assert int(z[0]) < int(z[1])
    assert "韩集乡" in hazard_map.inner_text()  # the town's label


def test_with_a_tile_server_the_tiles_are_drawn_and_not_the_base_map(page, live_server, brigade_a, base_map, settings):
    settings.MAP_TILE_URL = f"{live_server.url}/static/no-tiles/{{z}}/{{x}}/{{y}}.png"
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/hazards/new/")
    page.wait_for_selector("#location-picker[data-ready]")
    assert page.locator("#location-picker img.leaflet-tile").count() > 0
    assert page.locator("#location-picker path.basemap-boundary").count() == 0
