// The base of every map (hazard map, detachment dashboard, location picker): map tiles when a tile
// server is configured; otherwise the offline base map (town boundaries and main roads loaded with
// `manage.py load_base_map`) drawn in a pane under the markers. Also answers which town boundary a
// point falls in, for the location picker's town suggestion.
(function () {
  "use strict";

  // Ray casting over one ring of [lon, lat] positions.
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function inPolygon(lon, lat, rings) {
    if (!rings.length || !inRing(lon, lat, rings[0])) { return false; }
    for (var h = 1; h < rings.length; h++) { if (inRing(lon, lat, rings[h])) { return false; } }  // a hole
    return true;
  }

  function contains(geometry, lon, lat) {
    if (geometry.type === "Polygon") { return inPolygon(lon, lat, geometry.coordinates); }
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.some(function (rings) { return inPolygon(lon, lat, rings); });
    }
    return false;
  }

  // Adds the base to `map`; resolves to the base map's features ([] with tiles or on failure).
  function add(map, config, box) {
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
      return Promise.resolve([]);
    }
    map.getContainer().classList.add("basemap-offline");
    if (!config.baseMapUrl) { return Promise.resolve([]); }
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = "250";  // above tiles (none), under markers (400)
    var renderer = L.svg({ pane: "basemap" });
    return fetch(config.baseMapUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var boundaries = 0, roads = 0;
        L.geoJSON(data, {
          pane: "basemap",
          renderer: renderer,
          interactive: false,
          style: function (feature) {
            if (feature.properties.kind === "roads") {
              return { color: "#e8a33d", weight: 3, opacity: 0.9, className: "basemap-road" };
            }
            return { color: "#6c757d", weight: 1.2, dashArray: "4 3", fillColor: "#f8f5ec", fillOpacity: 0.6,
                     className: "basemap-boundary" };
          },
          onEachFeature: function (feature, layer) {
            var p = feature.properties;
            if (p.kind === "roads") { roads += 1; } else { boundaries += 1; }
            if (p.name) {
              layer.bindTooltip(p.name, {
                permanent: true, direction: "center", interactive: false,
                className: p.kind === "roads" ? "basemap-label basemap-road-label" : "basemap-label",
              });
            }
          },
        }).addTo(map);
        if (box) {
          box.dataset.basemapBoundaries = String(boundaries);
          box.dataset.basemapRoads = String(roads);
        }
        return data.features;
      })
      .catch(function () { return []; });
  }

  // The boundary feature the point falls in, or null.
  function boundaryAt(features, lat, lon) {
    for (var i = 0; i < features.length; i++) {
      var f = features[i];
      if (f.properties.kind === "boundaries" && contains(f.geometry, lon, lat)) { return f; }
    }
    return null;
  }

  window.BrigadesBaseMap = { add: add, boundaryAt: boundaryAt };
})();
