// Bar charts of the diagnostics results and comparison pages. Data comes from a json_script
// element (id "chart-data"); no inline scripts, so the pages run under the CSP.
(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.Chart) return;
  var data = JSON.parse(el.textContent);
  var percent = {indexAxis: "y", scales: {x: {min: 0, max: 100}}};

  if (document.getElementById("chart-areas")) {
    [["chart-areas", data.areas, "#0d6efd"], ["chart-indicators", data.indicators, "#fd7e14"]]
      .forEach(function (chart) {
        new Chart(document.getElementById(chart[0]), {
          type: "bar",
          data: {labels: chart[1].labels,
                 datasets: [{label: "% педагогов", data: chart[1].values,
                              backgroundColor: chart[2]}]},
          options: Object.assign({plugins: {legend: {display: false}}}, percent)
        });
      });
  }
  if (document.getElementById("compare-chart")) {
    new Chart(document.getElementById("compare-chart"), {
      type: "bar",
      data: {labels: data.labels, datasets: [
        {label: "До", data: data.before, backgroundColor: "#adb5bd"},
        {label: "После", data: data.after, backgroundColor: "#0d6efd"}]},
      options: percent
    });
  }
})();
