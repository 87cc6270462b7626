/* Dashboards: the period picker shows only the fields of the chosen kind; ECharts trend charts
   with Chinese number formatting; the Leaflet map of the apps' layers. No network but our own. */
(function () {
  "use strict";
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "zh-CN", { maximumFractionDigits: 2 });

  function togglePeriodFields(form) {
    var kind = form.querySelector("[data-period-kind]").value;
    form.querySelectorAll("[data-period-field]").forEach(function (box) {
      var on = box.getAttribute("data-period-field") === kind;
      box.classList.toggle("d-none", !on);
      box.querySelectorAll("input,select").forEach(function (el) { el.disabled = !on; });
    });
  }
  document.querySelectorAll("[data-testid=period-picker]").forEach(function (form) {
    var select = form.querySelector("[data-period-kind]");
    togglePeriodFields(form);
    select.addEventListener("change", function () { togglePeriodFields(form); });
  });

  // "4 hazards" in English, "4起" and "95%" in Chinese: a word unit is spaced (figures.with_unit).
  function withUnit(text, unit) {
    return /^[A-Za-z]{2}/.test(unit || "") ? text + " " + unit : text + (unit || "");
  }

  function lineChart(el, months, series, unit) {
    if (!window.echarts) { return null; }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : withUnit(fmt.format(v), unit); } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 50, right: 16, top: series.length > 1 ? 36 : 16, bottom: 28 },
      xAxis: { type: "category", data: months.map(function (m) { return m.slice(2).replace("-", "年") + "月"; }) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt.format(v); } } },
      series: series.map(function (s) { return { name: s.label, type: "line", connectNulls: false, data: s.values }; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  var single = document.getElementById("trend-data");
  if (single) {
    var data = JSON.parse(single.textContent);
    var box = document.getElementById("trend-chart");
    var picker = document.getElementById("trend-metric");
    var chart = null;
    var draw = function () {
      var s = data.series.filter(function (x) { return x.key === picker.value; })[0];
      if (!s) { return; }
      if (chart) { chart.dispose(); }
      chart = lineChart(box, data.months, [s], s.unit);
    };
    if (picker) { picker.addEventListener("change", draw); draw(); }
  }

  var multi = document.getElementById("brigade-trend-data");
  if (multi) {
    var d = JSON.parse(multi.textContent);
    lineChart(document.getElementById("brigade-trend-chart"), d.months, d.series, d.unit);
  }

  var mapBox = document.getElementById("hazard-map");
  if (mapBox && window.L) {
    // Each layer is asked for the current view (bbox and zoom) whenever the map moves; a layer may
    // answer clusters ({cluster: true, count}) instead of every point (hazards.selectors.map_features).
    var config = JSON.parse(document.getElementById("map-config").textContent);
    var map = L.map(mapBox).setView(config.center, 9);
    window.BrigadesBaseMap.add(map, config, mapBox);  // tiles, or the offline base map under the markers
    var status = document.getElementById("map-status");
    var groups = config.layers.map(function () { return L.layerGroup().addTo(map); });
    var latest = 0;

    function point(layer, feature, latlng) {
      var p = feature.properties || {};
      if (p.cluster) {
        var bubble = L.marker(latlng, { icon: L.divIcon({
          className: "", iconSize: null,
          html: '<span class="badge rounded-pill border border-light ' + (p.overdue ? "text-bg-danger" : "text-bg-warning") + '">' + p.count + "</span>",
        }) });
        bubble.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); });
        return bubble;
      }
      return L.circleMarker(latlng, { radius: 6, color: p.overdue ? "#dc3545" : layer.color, fillOpacity: 0.7 });
    }

    function loadLayers(withView, fit) {
      var request = ++latest;
      var bounds = [];
      return Promise.all(config.layers.map(function (layer, index) {
        var address = new URL(layer.url, window.location.href);
        address.searchParams.set("zoom", String(map.getZoom()));
        if (withView) { address.searchParams.set("bbox", map.getBounds().toBBoxString()); }
        return fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { features: [] }; })
          .then(function (geo) {
            if (request !== latest) { return; }
            groups[index].clearLayers();
            L.geoJSON(geo, {
              pointToLayer: function (feature, latlng) { bounds.push(latlng); return point(layer, feature, latlng); },
              onEachFeature: function (feature, marker) {
                var p = feature.properties || {};
                if (p.cluster) { return; }
                var a = document.createElement("a");
                a.href = p.url || "#"; a.textContent = p.title || layer.label;
                marker.bindPopup(a);
              }
            }).addTo(groups[index]);
          })
          .catch(function () {});
      })).then(function () {
        if (!fit || request !== latest) { return; }
        if (bounds.length) { map.fitBounds(L.latLngBounds(bounds).pad(0.1)); }
        else if (status) { status.classList.remove("d-none"); }
      });
    }

    loadLayers(false, true).then(function () {
      map.on("moveend", function () { loadLayers(true, false); });
      loadLayers(true, false);
    });
  }
})();
