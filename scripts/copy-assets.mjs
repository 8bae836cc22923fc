// Copies the front-end assets installed by `npm ci` into static/vendor/ (git-ignored), so that Django serves
// every script, stylesheet, font and map file itself: no CDN, the pages work offline.
// Source maps are copied next to the minified files because whitenoise's manifest storage fails
// collectstatic on a `sourceMappingURL` that points at a missing file.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");

// [source under node_modules, destination under static/vendor]
const FILES = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts/bootstrap-icons.woff", "bootstrap-icons/fonts/bootstrap-icons.woff"],
  ["bootstrap-icons/font/fonts/bootstrap-icons.woff2", "bootstrap-icons/fonts/bootstrap-icons.woff2"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["chart.js/dist/chart.umd.min.js", "chart.js/chart.umd.min.js"],
  ["chart.js/dist/chart.umd.min.js.map", "chart.js/chart.umd.min.js.map"],
  ["chartjs-chart-geo/build/index.umd.min.js", "chartjs-chart-geo/index.umd.min.js"],
  ["chartjs-chart-geo/build/index.umd.min.js.map", "chartjs-chart-geo/index.umd.min.js.map"],
  ["world-atlas/countries-110m.json", "world-atlas/countries-110m.json"],
];

const missing = FILES.map(([src]) => src).filter((src) => !existsSync(join(modules, src)));
if (missing.length) {
  console.error(`copy-assets: missing in node_modules (run \`npm ci\`): ${missing.join(", ")}`);
  process.exit(1);
}

// Start clean so a file dropped from the list does not linger and get collected.
rmSync(vendor, { recursive: true, force: true });
for (const [src, dest] of FILES) {
  const target = join(vendor, dest);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(modules, src), target);
}
console.log(`copy-assets: ${FILES.length} files copied into static/vendor/`);
