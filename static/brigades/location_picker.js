// The location picker of a record's form (templates/generic/_location_picker.html): a map under the
// latitude and longitude fields. A click or a dragged marker fills the fields in; typing coordinates
// moves the marker. With town boundaries loaded, the town is suggested from the boundary the point
// falls in: filled in when the clerk has not chosen one (or the picker chose it), otherwise offered.
(function () {
  "use strict";
  var wrapper = document.getElementById("location-picker-box");
  var lat = document.querySelector('[data-picker="latitude"]');
  var lon = document.querySelector('[data-picker="longitude"]');
  if (!wrapper || !lat || !lon || typeof L === "undefined" || !window.BrigadesBaseMap) { return; }
  var town = document.querySelector('[data-picker="town"]');
  var config = JSON.parse(document.getElementById("location-picker-config").textContent);
  var texts = document.getElementById("location-picker-texts").content.firstElementChild.dataset;
  var hint = document.getElementById("location-picker-town");

  // The map goes right under the coordinate fields, wherever the form lays them out.
  var after = lon.closest(".mb-3") || lon.parentNode;
  after.parentNode.insertBefore(wrapper, after.nextSibling);
  wrapper.hidden = false;
  var box = document.getElementById("location-picker");

  function typed() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? L.latLng(a, b) : null;
  }

  var start = typed();
  var map = L.map(box).setView(start || config.center, start ? 15 : 11);
  var marker = null;
  var features = [];
  var townByPicker = false;

  var settingTown = false;

  function setTown(id, name) {
    settingTown = true;
    town.value = id;
    town.dispatchEvent(new Event("change", { bubbles: true }));
    settingTown = false;
    townByPicker = true;
    hint.textContent = texts.suggested.replace("%(town)s", name);
  }

  function suggestTown(point) {
    hint.textContent = "";
    if (!town || !features.length) { return; }
    var found = window.BrigadesBaseMap.boundaryAt(features, point.lat, point.lng);
    var id = found && found.properties.town ? String(found.properties.town) : "";
    var option = id ? town.querySelector('option[value="' + id + '"]') : null;
    if (!found) { hint.textContent = texts.outside; return; }
    if (!option) { return; }  // another brigade's town: not this form's choice
    if (town.value === id) { return; }
    if (!town.value || townByPicker) {
      setTown(id, found.properties.name);
      return;
    }
    hint.textContent = texts.differs.replace("%(town)s", found.properties.name) + " ";
    var use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-link btn-sm p-0 align-baseline";
    use.dataset.testid = "picker-use-town";
    use.textContent = texts.use;
    use.addEventListener("click", function () { setTown(id, found.properties.name); });
    hint.appendChild(use);
  }

  function place(point, fromFields) {
    if (!marker) {
      marker = L.marker(point, { draggable: true, autoPan: true, title: "" }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), false); });
    } else {
      marker.setLatLng(point);
    }
    if (!fromFields) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
      lon.dispatchEvent(new Event("change", { bubbles: true }));
    }
    box.dataset.markerLat = point.lat.toFixed(6);
    box.dataset.markerLon = point.lng.toFixed(6);
    suggestTown(point);
  }

  // A town chosen by the clerk stays: from then on the boundary's town is only offered.
  if (town) { town.addEventListener("change", function () { if (!settingTown) { townByPicker = false; } }); }
  map.on("click", function (event) { place(event.latlng, false); });
  [lat, lon].forEach(function (field) {
    field.addEventListener("input", function () {
      var point = typed();
      if (point) {
        place(point, true);
        if (!map.getBounds().contains(point)) { map.panTo(point); }
      }
    });
  });

  window.BrigadesBaseMap.add(map, config, box).then(function (loaded) {
    features = loaded;
    box.dataset.ready = "1";
    if (start) {
      place(start, true);
    } else {
      // Nothing picked yet: frame the towns this clerk may choose, when their boundaries are loaded.
      var own = loaded.filter(function (f) { return f.properties.kind === "boundaries" && f.properties.town; });
      if (own.length) { map.fitBounds(L.geoJSON({ type: "FeatureCollection", features: own }).getBounds()); }
    }
  });
})();
