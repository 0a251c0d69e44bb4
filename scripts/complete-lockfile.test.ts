import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { missingPlatformEntries, platformOf } from "./complete-lockfile.mjs";

describe("complete-lockfile", () => {
  it("reads os, cpu and libc from a platform package's name", () => {
    expect(platformOf("@rollup/rollup-darwin-arm64")).toEqual({ os: ["darwin"], cpu: ["arm64"] });
    expect(platformOf("@rollup/rollup-linux-x64-musl")).toEqual({
      os: ["linux"],
      cpu: ["x64"],
      libc: ["musl"],
    });
    expect(platformOf("@rollup/rollup-linux-arm-gnueabihf")).toEqual({
      os: ["linux"],
      cpu: ["arm"],
      libc: ["glibc"],
    });
    expect(platformOf("@rollup/rollup-win32-ia32-msvc")).toEqual({ os: ["win32"], cpu: ["ia32"] });
    expect(platformOf("fsevents")).toBeNull();
  });

  it("adds only missing platform builds, as optional entries", () => {
    const lock = {
      packages: {
        "": {},
        "node_modules/rollup": {
          dev: true,
          optionalDependencies: {
            "@rollup/rollup-darwin-x64": "4.0.0",
            "@rollup/rollup-linux-x64-gnu": "4.0.0",
            fsevents: "~2.3.2",
          },
        },
        "node_modules/@rollup/rollup-linux-x64-gnu": { version: "4.0.0" },
      },
    };
    expect(Object.fromEntries(missingPlatformEntries(lock))).toEqual({
      "node_modules/@rollup/rollup-darwin-x64": {
        version: "4.0.0",
        dev: true,
        optional: true,
        os: ["darwin"],
        cpu: ["x64"],
      },
    });
  });

  it("finds nothing missing in the committed package-lock.json (npm ci accepts it on every platform)", () => {
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    expect([...missingPlatformEntries(lock).keys()]).toEqual([]);
  });
});
