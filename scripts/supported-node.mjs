// @ts-check
/**
 * The Node.js versions Cartback runs on, checked at every entry point that runs on Node itself: the server
 * (`npm start`, `npm run dev`), the demo, the test run and the benchmarks. npm refuses install and run on an
 * older Node before reaching them (package.json `devEngines`); this catches what npm does not see (a server
 * started with `node build/server.js`, or npm's check skipped with --force).
 *
 * Why a floor at all: Node 20 lacks `JSON.parse`'s source text access, which keeps Shopify's ids above 2^53
 * exact (app/lib/webhooks.server.ts), so on it real webhooks are refused and dozens of tests fail.
 * package.json's `engines` and `devEngines` and .nvmrc say the same version; a test keeps them together.
 */

export const NODE_FLOOR = "22.12.0";

/** @param {string} version like "22.12.0" */
export function isSupportedNode(version) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [floorMajor = 0, floorMinor = 0] = NODE_FLOOR.split(".").map(Number);
  return major > floorMajor || (major === floorMajor && minor >= floorMinor);
}

/** One line: what is needed, what this is, and how to get it. @param {string} version */
export function unsupportedNodeMessage(version) {
  return (
    `Cartback needs Node.js ${NODE_FLOOR.replace(/\.0$/, "")} or newer (22 or 24 LTS); this is Node.js ${version}. ` +
    `Install it with "nvm install 22" (or "fnm install 22", or "npm install -g node@22") and run the command again.`
  );
}

/** Exits with the one-line message when this Node is too old. */
export function exitUnlessSupportedNode(version = process.versions.node) {
  if (isSupportedNode(version)) return;
  process.stderr.write(`${unsupportedNodeMessage(version)}\n`);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) exitUnlessSupportedNode();
