import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm run deploy` as a newcomer runs it: in the project directory, with the Shopify CLI on PATH (here a
// stand-in that records how it was called).
const root = process.cwd();
const shippedToml = fs.readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const workDirs: string[] = [];

function project(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-deploy-"));
  workDirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, "shopify"),
    `#!/bin/sh\necho "$@" > "${path.join(dir, "shopify-called")}"\n`,
    {
      mode: 0o755,
    },
  );
  const deploy = (...args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(root, "scripts", "deploy.mjs"), ...args], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    const called = path.join(dir, "shopify-called");
    return {
      code: run.status,
      stderr: run.stderr,
      shopify: fs.existsSync(called) ? fs.readFileSync(called, "utf8").trim() : undefined,
    };
  };
  return { deploy };
}

/** shopify.app.toml after `shopify app config link` and the URL set to where the app is served. */
const linkedToml = shippedToml
  .replace('client_id = ""', 'client_id = "0123456789abcdef0123456789abcdef"')
  .replaceAll("https://example.com", "https://cartback.acme-shop.io");

afterAll(() => {
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run deploy", () => {
  it("refuses the shipped shopify.app.toml, naming each placeholder and the fix, and never calls the CLI", () => {
    const { code, stderr, shopify } = project({ "shopify.app.toml": shippedToml }).deploy();
    expect(code).toBe(1);
    expect(stderr).toContain("shopify.app.toml has no client_id: run `shopify app config link`");
    expect(stderr).toContain('shopify.app.toml application_url is "https://example.com"');
    expect(stderr).toContain('shopify.app.toml redirect_urls is "https://example.com/auth/callback"');
    expect(shopify).toBeUndefined();
  });

  it("deploys a linked configuration with the app's own URL, passing the flags on", () => {
    const { code, shopify } = project({ "shopify.app.toml": linkedToml }).deploy("--force");
    expect(code).toBe(0);
    expect(shopify).toBe("app deploy --force");
  });

  it("checks the configuration --config names, as the CLI reads it", () => {
    const files = { "shopify.app.toml": shippedToml, "shopify.app.production.toml": linkedToml };
    expect(project(files).deploy("--config", "production")).toMatchObject({
      code: 0,
      shopify: "app deploy --config production",
    });
    const withPlaceholder = { ...files, "shopify.app.production.toml": shippedToml };
    const refused = project(withPlaceholder).deploy("--config=shopify.app.production.toml");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("shopify.app.production.toml application_url");
    expect(project(files).deploy("--config", "staging").stderr).toContain(
      "shopify.app.staging.toml does not exist",
    );
  });

  it("refuses a localhost or plain-http app URL as well", () => {
    const local = linkedToml.replace(
      'application_url = "https://cartback.acme-shop.io"',
      'application_url = "http://localhost:3000"',
    );
    const { code, stderr } = project({ "shopify.app.toml": local }).deploy("--check-only");
    expect(code).toBe(1);
    expect(stderr).toContain('application_url is "http://localhost:3000"');
  });
});
