// @ts-check
// Bundles server/index.ts into build/server.js. The app itself is built by `remix vite:build`; packages stay
// external and are loaded from node_modules at run time.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: "build/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  packages: "external",
  logLevel: "warning",
});
