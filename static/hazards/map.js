// The hazard map: markers from the page (json_script), tiles only when a tile server is configured.
(function () {
  "use strict";
  var box = document.getElementById("hazard-map");
  if (!box || typeof L === "undefined") { return; }
  var markers = JSON.parse(document.getElementById("hazard-markers").textContent);
  var config = JSON.parse(document.getElementById("hazard-map-config").textContent);
  var map = L.map(box, { preferCanvas: true }).setView(config.center, 11);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
  }
  var colours = { overdue: "#dc3545", due_soon: "#ffc107", rectified: "#198754", signed_off: "#198754", closed: "#6c757d" };
  var bounds = [];
  markers.forEach(function (m) {
    var colour = colours[m.state] || "#0d6efd";
    var marker = L.circleMarker([m.lat, m.lon], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.8, weight: 1 });
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.title;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(m.category + " · " + m.status));
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([m.lat, m.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 }); }
  box.dataset.markerCount = String(markers.length);
})();
