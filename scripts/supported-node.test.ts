import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isSupportedNode, NODE_FLOOR, unsupportedNodeMessage } from "./supported-node.mjs";

describe("the supported Node versions", () => {
  it("are 22.12 and newer: the LTS lines 22 and 24, and what comes after", () => {
    for (const version of ["22.12.0", "22.23.3", "24.0.0", "24.11.1", "26.1.0"])
      expect(isSupportedNode(version), version).toBe(true);
    for (const version of ["18.20.8", "20.20.2", "21.7.3", "22.11.0"])
      expect(isSupportedNode(version), version).toBe(false);
  });

  it("refuse an older Node in one line that names the version needed and how to get it", () => {
    const message = unsupportedNodeMessage("20.20.2");
    expect(message).not.toContain("\n");
    expect(message).toContain("Node.js 22.12 or newer");
    expect(message).toContain("this is Node.js 20.20.2");
    expect(message).toMatch(/nvm install 22.*fnm install 22.*npm install -g node@22/);
  });

  it("are declared the same way everywhere: package.json engines and devEngines, and .nvmrc", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    const floor = NODE_FLOOR.replace(/\.0$/, "");
    expect(pkg.engines.node).toBe(`>=${floor}`);
    // npm checks devEngines before install, ci and run, and stops at once on an older Node.
    expect(pkg.devEngines.runtime).toEqual({ name: "node", version: `>=${floor}`, onFail: "error" });
    expect(fs.readFileSync(".nvmrc", "utf8").trim()).toBe(NODE_FLOOR.split(".")[0]);
  });
});
