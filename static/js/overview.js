/* The leaders' overview charts (templates/overview/overview.html).
 *
 * The numbers come from the page's json_script block "overview-data"; the same numbers are in
 * the tables under each chart (the accessible view, and what prints if a chart does not).
 * A click on a bar or a point opens the list behind that figure, as the table's links do.
 * No inline script (CSP): this file is loaded with `defer` after the vendored ECharts. Tooltips
 * are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style=""
 * attributes, which the CSP's style-src 'self' refuses.
 */
(function () {
  "use strict";

  var COLORS = { open: "#3b6ea8", soon: "#d98c1a", overdue: "#c0392b", closed: "#3d8b5a", met: "#3b6ea8", missed: "#c0392b", rate: "#2c3e50" };
  var charts = [];

  function readData() {
    var node = document.getElementById("overview-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function make(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return null;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.animation = false; // what is printed is what is shown, at once
    option.textStyle = { fontFamily: "inherit" };
    chart.setOption(option);
    if (onClick) {
      chart.on("click", function (params) {
        var url = onClick(params);
        if (url) window.location.href = url;
      });
    }
    charts.push(chart);
    return chart;
  }

  function pick(rows, key) { return rows.map(function (r) { return r[key]; }); }

  function sectionsChart(rows) {
    if (!rows.length) return;
    var kinds = [["open", "在办", COLORS.open], ["due_soon", "即将到期", COLORS.soon], ["overdue", "已超期", COLORS.overdue], ["closed", "本月办结", COLORS.closed]];
    make("chart-sections", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 70 },
      xAxis: { type: "category", data: pick(rows, "name"), axisLabel: { interval: 0, rotate: rows.length > 6 ? 35 : 0 } },
      yAxis: { type: "value", minInterval: 1, name: "件" },
      series: kinds.map(function (k) {
        return { name: k[1], type: "bar", data: pick(rows, k[0]), itemStyle: { color: k[2] }, label: { show: rows.length <= 8, position: "top" } };
      })
    }, function (p) {
      var row = rows[p.dataIndex];
      return row && row.urls[kinds[p.seriesIndex][0]];
    });
  }

  function trendChart(rows) {
    if (!rows.length) return;
    make("chart-trend", {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: 32 },
      xAxis: { type: "category", data: pick(rows, "label") },
      yAxis: [
        { type: "value", name: "个", minInterval: 1 },
        { type: "value", name: "按期率", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
      ],
      series: [
        { name: "按期", type: "bar", stack: "clocks", data: pick(rows, "met"), itemStyle: { color: COLORS.met } },
        { name: "未按期", type: "bar", stack: "clocks", data: pick(rows, "missed"), itemStyle: { color: COLORS.missed } },
        { name: "按期率", type: "line", yAxisIndex: 1, data: pick(rows, "rate"), connectNulls: true, symbolSize: 7,
          itemStyle: { color: COLORS.rate }, label: { show: true, formatter: function (p) { return p.value == null ? "" : p.value + "%"; } } }
      ]
    }, function (p) {
      var row = rows[p.dataIndex];
      if (!row) return null;
      return p.seriesIndex === 1 ? row.urls.missed : row.urls.met;
    });
  }

  function workloadChart(rows) {
    if (!rows.length) return;
    var shown = rows.slice(0, 15);
    make("chart-workload", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 72, right: 24, top: 30, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: pick(shown, "name") },
      series: [
        { name: "承办中", type: "bar", data: pick(shown, "cases"), itemStyle: { color: COLORS.open } },
        { name: "其中已超期", type: "bar", data: pick(shown, "overdue"), itemStyle: { color: COLORS.overdue } }
      ]
    }, function (p) {
      var row = shown[p.dataIndex];
      return row && (p.seriesIndex === 1 ? row.urls.overdue : row.urls.cases);
    });
  }

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }

  function init() {
    var data = readData();
    if (!data) return;
    sectionsChart(data.sections || []);
    trendChart(data.trend || []);
    workloadChart(data.workload || []);
    window.addEventListener("resize", resizeAll);
    // Printing: the page narrows to the paper's width; redraw the canvases to fit it.
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    var button = document.querySelector("[data-print]");
    if (button) button.addEventListener("click", function () { window.print(); });
    document.documentElement.setAttribute("data-overview-charts", String(charts.length));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
