// Bundles src/main.js and src/editor.css into crates/warta/static/.
// Run through scripts/build-editor (which installs the pinned packages
// first); the output depends only on the sources and package-lock.json.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));

// One line naming every bundled package with its version and licence.
const bundled = Object.entries(lock.packages)
  .filter(([path, p]) => path.startsWith("node_modules/") && !p.dev)
  .map(([path, p]) => path.slice("node_modules/".length) + "@" + p.version + " (" + (p.license || "?") + ")")
  .sort()
  .join(", ");

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: [join(here, "src", "main.js")],
  outfile: join(out, "editor.js"),
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  banner: { js: "/* Warta editor, built by scripts/build-editor from crates/warta/editor. Bundles " + bundled + ". */" },
});

await build({
  ...common,
  entryPoints: [join(here, "src", "editor.css")],
  outfile: join(out, "editor.css"),
  target: ["chrome90", "firefox90", "safari15"],
  banner: { css: "/* Warta editor styles, built by scripts/build-editor from crates/warta/editor. */" },
});
