// The enterprise list: high-risk enterprises over 12 months (data from json_script "high-risk-series").
(function () {
  var data = JSON.parse(document.getElementById("high-risk-series").textContent);
  var chart = echarts.init(document.getElementById("high-risk-chart"));
  chart.setOption({
    grid: { left: 30, right: 10, top: 10, bottom: 20 }, tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.map(function (d) { return d.day.slice(0, 7); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", data: data.map(function (d) { return d.count; }), color: "#dc3545", areaStyle: { opacity: 0.1 } }]
  });
})();
