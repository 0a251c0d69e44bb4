#!/usr/bin/env node
// @ts-check
/**
 * Records in package-lock.json the platform-specific optional packages the registry here does not serve.
 *
 * Some registries (this project's build machines use one) do not serve every platform build of a package:
 * rollup's @rollup/rollup-darwin-arm64 and friends answer 404. `npm install` then writes a lock file without
 * them, and `npm ci` refuses that lock file on every machine ("Missing: @rollup/rollup-android-arm-eabi@
 * from lock file"). This adds an entry for each such package, with the os/cpu/libc its name declares, so that
 * `npm ci` accepts the lock file everywhere and each platform still installs only its own build.
 *
 *   node scripts/complete-lockfile.mjs          fix package-lock.json in place
 *   node scripts/complete-lockfile.mjs --check  exit 1 if anything is missing
 */
import fs from "node:fs";
import path from "node:path";

const OS = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "netbsd",
  "openbsd",
  "openharmony",
  "sunos",
  "win32",
  "aix",
  "cygwin",
];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "mips64el", "wasm32"];

/**
 * os/cpu/libc of a platform package from its name: @rollup/rollup-linux-arm64-musl -> linux, arm64, musl.
 * @param {string} name
 */
export function platformOf(name) {
  const tokens = (name.split("/").pop() ?? "").split("-");
  const os = tokens.find((token) => OS.includes(token));
  const cpu = tokens.find((token) => CPU.includes(token));
  if (!os || !cpu) return null;
  /** @type {{ os: string[], cpu: string[], libc?: string[] }} */
  const platform = { os: [os], cpu: [cpu] };
  if (os === "linux" && tokens.includes("musl")) platform.libc = ["musl"];
  else if (os === "linux" && tokens.some((token) => token.startsWith("gnu"))) platform.libc = ["glibc"];
  return platform;
}

/**
 * The lock entries to add: optional dependencies that are platform builds and absent from the lock.
 * @param {{ packages: Record<string, any> }} lock
 */
export function missingPlatformEntries(lock) {
  /** @type {Map<string, Record<string, unknown>>} */
  const additions = new Map();
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      const nested = location ? `${location}/node_modules/${name}` : key;
      if (lock.packages[key] || lock.packages[nested] || additions.has(key)) continue;
      const platform = platformOf(name);
      if (!platform) continue;
      additions.set(key, { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform });
    }
  }
  return additions;
}

function main() {
  const file = path.resolve("package-lock.json");
  const lock = JSON.parse(fs.readFileSync(file, "utf8"));
  const additions = missingPlatformEntries(lock);
  if (process.argv.includes("--check")) {
    if (additions.size > 0) {
      console.error(
        `package-lock.json lacks ${additions.size} platform packages; run node scripts/complete-lockfile.mjs`,
      );
      process.exit(1);
    }
    return;
  }
  for (const [key, entry] of additions) lock.packages[key] = entry;
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
  );
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.info(`package-lock.json: added ${additions.size} platform package entries`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname))
  main();
