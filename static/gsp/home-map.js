/* The home page's world map: countries of origin and destination of the partnerships, drawn with
 * chartjs-chart-geo on the world-atlas 1:110m TopoJSON served from static/vendor (no CDN).
 * The server passes the countries as JSON (json_script, ISO 3166 numeric ids); nothing inline. */
(function () {
  "use strict";

  const ANTARCTICA = "010"; // drawn it takes a fifth of the map and carries no partnership

  function roleOf(country) {
    if (country.origin && country.destination) return "both";
    if (country.origin) return "origin";
    if (country.destination) return "destination";
    return "none";
  }

  function palette() {
    const style = getComputedStyle(document.documentElement);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      origin: read("--gsp-origin", "#198754"),
      destination: read("--gsp-destination", "#0d6efd"),
      both: read("--gsp-both", "#6f42c1"),
      none: read("--gsp-none", "#e9ecef"),
    };
  }

  function tooltipLabel(context, labels) {
    const country = context.raw.country;
    if (!country) return context.raw.feature.properties.name;
    return `${country.name}: ${labels.origin} ${country.origin} · ${labels.destination} ${country.destination}`;
  }

  function draw(canvas, atlas, data) {
    const byId = new Map(data.countries.map((c) => [c.id, c]));
    const features = ChartGeo.topojson
      .feature(atlas, atlas.objects.countries)
      .features.filter((f) => f.id !== ANTARCTICA);
    const drawn = new Set(features.map((f) => f.id));
    const colours = palette();
    const chart = new Chart(canvas, {
      type: "choropleth",
      data: {
        labels: features.map((f) => f.properties.name),
        datasets: [
          {
            label: data.labels.title,
            outline: features,
            data: features.map((f) => ({ feature: f, value: byId.has(f.id) ? 1 : 0, country: byId.get(f.id) })),
            backgroundColor: (ctx) => colours[ctx.raw ? roleOf(ctx.raw.country || {}) : "none"],
            borderColor: "#ffffff",
            borderWidth: 0.5,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => tooltipLabel(ctx, data.labels) } },
        },
        scales: {
          projection: { axis: "x", projection: "equalEarth" },
          color: { axis: "x", display: false },
        },
      },
    });
    const missing = data.countries.filter((c) => !drawn.has(c.id)).map((c) => c.name);
    const note = document.getElementById("map-missing");
    if (note && missing.length) {
      note.textContent = `${data.labels.too_small} ${missing.join(", ")}`;
      note.hidden = false;
    }
    // Read by the browser test: how many countries the map shades.
    canvas.dataset.shaded = String(data.countries.length - missing.length);
    return chart;
  }

  function start() {
    const canvas = document.getElementById("partnership-map");
    const source = document.getElementById("partnership-map-data");
    if (!canvas || !source) return;
    const data = JSON.parse(source.textContent);
    fetch(canvas.dataset.atlasUrl)
      .then((response) => {
        if (!response.ok) throw new Error(`world atlas: HTTP ${response.status}`);
        return response.json();
      })
      .then((atlas) => draw(canvas, atlas, data))
      .catch((error) => {
        canvas.dataset.error = String(error);
        console.error(error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
