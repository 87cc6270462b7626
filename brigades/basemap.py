"""The offline base map (底图): town boundaries and main roads loaded from GeoJSON files and drawn
under the markers of every map when no tile server is configured. Plain JSON in the database and
plain arithmetic: no GIS database, so PostgreSQL without PostGIS and SQLite both serve it.

`base_map_load` is the import (an operation: validated first, then the layer's features replaced in
one transaction, so loading the same file twice changes nothing); `base_map_features` is what the
maps read; `map_config` is what a page hands its map script."""

import json
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import MapLayerKind, TownKind
from .models import Brigade, MapFeature, MapLayer, Town

GEOMETRIES = {
    MapLayerKind.BOUNDARIES: ("Polygon", "MultiPolygon"),
    MapLayerKind.ROADS: ("LineString", "MultiLineString"),
}
MAX_ERRORS = 20
# Six decimals is about 10 cm: more is noise from the drawing tool and only makes the page heavier.
PRECISION = 6


def map_config():
    """What a page's map script needs: the tile server (or none), the centre, the base map's URL."""
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": list(settings.MAP_CENTER),
        "baseMapUrl": reverse("brigades:base_map"),
    }


# ---------------------------------------------------------------- reading and checking a file


def read_geojson(raw):
    """The parsed document of a file's bytes or text, or a ValidationError saying why not."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text; save it as UTF-8 GeoJSON.")) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON (line %(line)s, column %(column)s): %(error)s")
            % {"line": error.lineno, "column": error.colno, "error": error.msg}
        ) from None


def _position(value, where, errors):
    """A [longitude, latitude] position, rounded, or None (with the reason added to errors)."""
    if not isinstance(value, list | tuple) or len(value) < 2 or not all(
        isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in value[:2]
    ):
        errors.append(_("%(where)s: a position must be [longitude, latitude] numbers.") % {"where": where})
        return None
    lon, lat = value[0], value[1]
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        errors.append(
            _("%(where)s: the position %(position)s is outside the earth; GeoJSON writes the longitude first, "
              "then the latitude.") % {"where": where, "position": f"[{lon}, {lat}]"}
        )
        return None
    return [round(lon, PRECISION), round(lat, PRECISION)]


def _line(value, where, errors, *, ring=False):
    if not isinstance(value, list) or len(value) < (4 if ring else 2):
        errors.append(
            (_("%(where)s: a polygon ring needs at least four positions.") if ring
             else _("%(where)s: a line needs at least two positions.")) % {"where": where}
        )
        return None
    positions = []
    for value_position in value:
        position = _position(value_position, where, errors)
        if position is None:
            return None  # one message per line is enough
        positions.append(position)
    if ring and positions[0] != positions[-1]:
        errors.append(_("%(where)s: a polygon ring must end where it starts.") % {"where": where})
        return None
    return positions


def _coordinates(geometry_type, value, where, errors):
    """The geometry's coordinates checked and rounded, or None."""
    if geometry_type == "LineString":
        return _line(value, where, errors)
    if geometry_type == "Polygon":
        if not isinstance(value, list) or not value:
            errors.append(_("%(where)s: a polygon needs at least one ring.") % {"where": where})
            return None
        rings = [_line(ring, where, errors, ring=True) for ring in value]
        return None if any(r is None for r in rings) else rings
    # MultiLineString / MultiPolygon: a list of the single kind.
    single = geometry_type.removeprefix("Multi")
    if not isinstance(value, list) or not value:
        errors.append(_("%(where)s: the geometry has no parts.") % {"where": where})
        return None
    parts = [_coordinates(single, part, where, errors) for part in value]
    return None if any(p is None for p in parts) else parts


def _bounds(coordinates):
    flat = []

    def walk(value):
        if value and isinstance(value[0], int | float):
            flat.append(value)
        else:
            for item in value:
                walk(item)

    walk(coordinates)
    lons, lats = [p[0] for p in flat], [p[1] for p in flat]
    return min(lons), min(lats), max(lons), max(lats)


def _town_for(properties, where, errors, *, brigade, towns):
    """The town a boundary outlines: its `name` (or `town`) property, in the brigade named by the
    feature's `brigade` property (code or name) or the loader's default brigade."""
    name = str(properties.get("town") or properties.get("name") or "").strip()
    if not name:
        errors.append(_("%(where)s: a town boundary needs a “name” property with the town's name.") % {"where": where})
        return None, ""
    named = str(properties.get("brigade") or "").strip()
    candidates = [t for t in towns.get(name, []) if not named or named in (t.brigade.code, t.brigade.name)]
    if brigade is not None and not named:
        candidates = [t for t in candidates if t.brigade_id == brigade.pk]
    if not candidates:
        errors.append(
            _("%(where)s: there is no town “%(name)s”%(brigade)s; add it first (admin → Towns) or correct the name.")
            % {"where": where, "name": name, "brigade": _(" in brigade “%(b)s”") % {"b": named} if named else ""}
        )
        return None, name
    if len(candidates) > 1:
        errors.append(
            _("%(where)s: several brigades have a town “%(name)s” (%(brigades)s); give the feature a “brigade” "
              "property (the brigade's code) or load the file with --brigade.")
            % {"where": where, "name": name, "brigades": "、".join(t.brigade.name for t in candidates)}
        )
        return None, name
    return candidates[0], name


def parse_layer(document, *, kind, brigade=None):
    """The features of a GeoJSON FeatureCollection as unsaved MapFeatures, every one checked; a
    ValidationError lists what is wrong (by feature number, counted from 1)."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("The file must be a GeoJSON FeatureCollection (“type”: “FeatureCollection”)."))
    raw_features = document.get("features")
    if not isinstance(raw_features, list) or not raw_features:
        raise ValidationError(_("The file has no features."))
    allowed = GEOMETRIES[kind]
    towns = {}
    if kind == MapLayerKind.BOUNDARIES:
        for town in Town.objects.exclude(kind=TownKind.DISTRICT).select_related("brigade"):
            towns.setdefault(town.name, []).append(town)
    errors, features = [], []
    for number, raw in enumerate(raw_features, start=1):
        if len(errors) >= MAX_ERRORS:
            break
        where = _("feature %(n)s") % {"n": number}
        if not isinstance(raw, dict) or raw.get("type") != "Feature" or not isinstance(raw.get("geometry"), dict):
            errors.append(_("%(where)s: not a GeoJSON Feature with a geometry.") % {"where": where})
            continue
        properties = raw.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        geometry_type = raw["geometry"].get("type")
        if geometry_type not in allowed:
            errors.append(
                _("%(where)s: a %(kind)s layer takes %(allowed)s, not %(type)s.")
                % {"where": where, "kind": MapLayerKind(kind).label, "allowed": " / ".join(allowed),
                   "type": geometry_type or "—"}
            )
            continue
        coordinates = _coordinates(geometry_type, raw["geometry"].get("coordinates"), where, errors)
        if coordinates is None:
            continue
        town, name = None, str(properties.get("name") or "").strip()[:100]
        if kind == MapLayerKind.BOUNDARIES:
            town, name = _town_for(properties, where, errors, brigade=brigade, towns=towns)
            if town is None:
                continue
        west, south, east, north = _bounds(coordinates)
        features.append(MapFeature(
            name=name, town=town, geometry={"type": geometry_type, "coordinates": coordinates},
            west=west, south=south, east=east, north=north,
        ))
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    return features


@transaction.atomic
def base_map_load(*, name, kind, raw, source="", brigade=None, synthetic=False):
    """Load (or load again) one base-map layer from a GeoJSON file's contents. Checked as a whole
    first; then the layer's features are replaced in one transaction. Returns (layer, created)."""
    if kind not in GEOMETRIES:
        raise ValidationError(_("Unknown layer kind: %(kind)s.") % {"kind": kind})
    features = parse_layer(read_geojson(raw), kind=kind, brigade=brigade)
    layer = MapLayer.objects.select_for_update().filter(name=name).first()
    created = layer is None
    if created:
        layer = MapLayer(name=name)
    elif layer.kind != kind:
        raise ValidationError(
            _("The layer “%(name)s” holds %(kind)s; choose another name for this file.")
            % {"name": name, "kind": MapLayerKind(layer.kind).label}
        )
    layer.kind, layer.source, layer.is_synthetic, layer.loaded_at = kind, source[:255], synthetic, timezone.now()
    layer.save()
    layer.features.all().delete()
    for feature in features:
        feature.layer = layer
    MapFeature.objects.bulk_create(features)
    return layer, created


# ---------------------------------------------------------------- what the maps read


def base_map_features(user):
    """Every base-map feature as a GeoJSON FeatureCollection. A boundary names its town's id only
    when the user may pick that town (the form's choices), so the picker never suggests another
    brigade's town."""
    own_towns = set(Town.objects.for_user(user).values_list("pk", flat=True))
    features = []
    rows = MapFeature.objects.select_related("layer", "town").order_by("layer__kind", "layer__name", "pk")
    for feature in rows:
        features.append({
            "type": "Feature",
            "geometry": feature.geometry,
            "properties": {
                "kind": feature.layer.kind,
                "name": feature.name or (feature.town.name if feature.town else ""),
                "town": feature.town_id if feature.town_id in own_towns else None,
                "synthetic": feature.layer.is_synthetic,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def brigade_named(value):
    """The brigade a loader names by code or name, or a ValidationError."""
    brigade = Brigade.objects.filter(code=value).first() or Brigade.objects.filter(name=value).first()
    if brigade is None:
        raise ValidationError(_("There is no brigade “%(value)s” (give its code or name).") % {"value": value})
    return brigade
