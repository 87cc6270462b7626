// The helmet ranking page: the monthly wearing-rate chart (data from json_script "rate-data").
(function () {
  var data = JSON.parse(document.getElementById("rate-data").textContent);
  echarts.init(document.getElementById("rate-chart")).setOption({
    grid: {left: 40, right: 10, top: 10, bottom: 30}, tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; }},
    xAxis: {type: "category", data: data.months}, yAxis: {type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100},
    series: [{type: "line", data: data.rates, connectNulls: false, markLine: {symbol: "none", data: [{yAxis: 90}], lineStyle: {type: "dashed"}}}]
  });
})();
