// An operation's page: cases by day (data from json_script "by-day-data").
(function () {
  var el = document.getElementById("by-day-chart");
  if (!el) { return; }
  var data = JSON.parse(document.getElementById("by-day-data").textContent);
  echarts.init(el).setOption({
    grid: {left: 40, right: 10, top: 10, bottom: 30}, tooltip: {trigger: "axis"},
    xAxis: {type: "category", data: data.days}, yAxis: {type: "value", minInterval: 1},
    series: [{type: "bar", data: data.counts}]
  });
})();
