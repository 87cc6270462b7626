// The hazard map: asks the server for the hazards of the current view (bounding box and zoom, with
// the page's filters) each time the map is moved, and draws what comes back: single hazards as
// coloured dots with a popup, clusters as a bubble with their count (a click zooms in). Tiles when a
// tile server is configured, else the offline base map (static/brigades/base_map.js).
(function () {
  "use strict";
  var box = document.getElementById("hazard-map");
  if (!box || typeof L === "undefined") { return; }
  var config = JSON.parse(document.getElementById("hazard-map-config").textContent);
  var texts = document.getElementById("hazard-map-texts").content.firstElementChild.dataset;
  var map = L.map(box, { preferCanvas: true }).setView(config.center, 11);
  window.BrigadesBaseMap.add(map, config, box);  // tiles, or the offline base map under the markers
  var colours = { overdue: "#dc3545", due_soon: "#ffc107", rectified: "#198754", signed_off: "#198754", closed: "#6c757d" };
  var layer = L.layerGroup().addTo(map);
  var shown = document.getElementById("hazard-map-shown");
  var without = document.getElementById("hazard-map-without");
  var latest = 0;

  function url(withView) {
    var address = new URL(config.dataUrl, window.location.href);
    address.searchParams.set("zoom", String(map.getZoom()));
    if (withView) { address.searchParams.set("bbox", map.getBounds().toBBoxString()); }
    return address;
  }

  function marker(feature) {
    var p = feature.properties;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    if (p.cluster) {
      var bubble = L.marker(latlng, {
        icon: L.divIcon({
          className: "", iconSize: null,
          html: '<span class="badge rounded-pill border border-light ' + (p.overdue ? "text-bg-danger" : "text-bg-primary") + '">' + p.count + "</span>",
        }),
      });
      bubble.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); });
      return bubble;
    }
    var colour = colours[p.state] || "#0d6efd";
    var dot = L.circleMarker(latlng, { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.8, weight: 1 });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(p.category + " · " + p.status));
    dot.bindPopup(popup);
    return dot;
  }

  function load(withView, fit) {
    var request = ++latest;
    return fetch(url(withView), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        if (request !== latest) { return; }  // an older view's answer arriving late
        layer.clearLayers();
        var count = 0;
        var points = [];
        data.features.forEach(function (feature) {
          marker(feature).addTo(layer);
          count += feature.properties.cluster ? feature.properties.count : 1;
          points.push([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
        });
        shown.textContent = texts.shown.replace("%(n)s", String(count));
        if (data.without_coordinates) {
          without.hidden = false;
          without.lastElementChild.textContent = texts.without.replace("%(n)s", String(data.without_coordinates));
        }
        box.dataset.markerCount = String(count);
        box.dataset.featureCount = String(data.features.length);
        if (fit && points.length) { map.fitBounds(points, { padding: [20, 20], maxZoom: 15 }); }
      })
      .catch(function () { shown.textContent = texts.failed; });
  }

  // First the whole filtered set (to frame it), then whatever view the reader moves to.
  load(false, true).then(function () {
    map.on("moveend", function () { load(true, false); });
    load(true, false);  // the framed view at its own zoom
  });
})();
