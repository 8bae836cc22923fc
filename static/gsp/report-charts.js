/* The charts of a report run's page, drawn with Chart.js from static/vendor (no CDN).
 * The server describes every chart in the JSON of #report-chart-data (json_script): the canvas id, bars stacked
 * or side by side, horizontal or not, how figures are written (money in the report's currency, percent, count),
 * and the labels already translated. This script holds no text and runs nothing inline (CSP script-src 'self').
 * Each canvas gets data-drawn="1" once its chart is drawn, or data-error with the reason. */
(function () {
  "use strict";

  function palette() {
    const style = getComputedStyle(document.documentElement);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return [
      read("--bs-primary", "#0d6efd"),
      read("--bs-success", "#198754"),
      read("--bs-warning", "#ffc107"),
      read("--bs-danger", "#dc3545"),
      read("--bs-info", "#0dcaf0"),
      read("--bs-indigo", "#6610f2"),
      read("--bs-secondary", "#6c757d"),
    ];
  }

  function formatter(format, locale, currency) {
    if (format === "money") {
      const money = new Intl.NumberFormat(locale, { style: "currency", currency: currency });
      const short = new Intl.NumberFormat(locale, {
        style: "currency", currency: currency, notation: "compact", maximumFractionDigits: 1,
      });
      return { full: (v) => money.format(v), axis: (v) => short.format(v) };
    }
    if (format === "percent") {
      const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
      return { full: (v) => percent.format(v), axis: (v) => percent.format(v) };
    }
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return { full: (v) => count.format(v), axis: (v) => count.format(v) };
  }

  function draw(canvas, spec, data, colours) {
    const format = formatter(spec.format, data.locale, data.currency);
    const valueAxis = spec.horizontal ? "x" : "y";
    const categoryAxis = spec.horizontal ? "y" : "x";
    const scales = {};
    scales[categoryAxis] = { stacked: !!spec.stacked };
    scales[valueAxis] = {
      stacked: !!spec.stacked,
      beginAtZero: true,
      ticks: { callback: (value) => format.axis(value) },
    };
    if (spec.format === "percent") scales[valueAxis].suggestedMax = 1;
    return new Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((set) => ({
          label: set.label,
          data: set.data,
          backgroundColor: colours[set.colour % colours.length],
          borderWidth: 0,
          maxBarThickness: 48,
        })),
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const value = spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
                return `${ctx.dataset.label}: ${format.full(value)}`;
              },
            },
          },
        },
      },
    });
  }

  function start() {
    const source = document.getElementById("report-chart-data");
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const colours = palette();
    for (const spec of data.charts) {
      const canvas = document.getElementById(spec.id);
      if (!canvas) continue;
      try {
        draw(canvas, spec, data, colours);
        canvas.dataset.drawn = "1";
      } catch (error) {
        canvas.dataset.error = String(error);
        console.error(error);
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
