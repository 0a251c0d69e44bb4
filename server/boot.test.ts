import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsupportedNodeMessage } from "../scripts/supported-node.mjs";
import { postChunked } from "../test/helpers/hostile";

// The production path end to end: `npm run build`, `npm run setup`, then the built server with a minimal
// production environment, as in the README.
const root = process.cwd();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-boot-"));
const children: ChildProcess[] = [];

const minimalEnv = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "boot-test-key",
  SHOPIFY_API_SECRET: "boot-test-secret",
  SHOPIFY_APP_URL: "https://cartback.example.com",
  DATABASE_URL: `file:${path.join(workDir, "cartback.sqlite")}`,
  CRON_SECRET: "0123456789abcdef0123456789abcdef",
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  RESEND_API_KEY: "re_boot_test",
  RESEND_WEBHOOK_SECRET: "whsec_boot_test",
  EMAIL_FROM: "Cartback <recover@example.com>",
  LOG_LEVEL: "warn",
};

/** The key a rotation replaces minimalEnv's DATA_ENCRYPTION_KEY with. */
const ROTATED_KEY = Buffer.alloc(32, 2).toString("base64");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what a deployment would set: no test runner variables, no developer .env.
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra } as unknown as NodeJS.ProcessEnv;
}

function startServer(
  env: Record<string, string>,
  nodeOptions: string[] = [],
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [...nodeOptions, path.join(root, "build", "server.js")], {
    cwd: workDir,
    env: cleanEnv(env),
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitForHealth(port: number, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * A POST that sends its whole body and takes the answer whenever it comes: the server answers a declared
 * oversized body before reading it, reads the rest and drops it, then closes (server/index.ts, lingerThenClose;
 * closing at once made clients see a reset instead of the 413).
 */
function postWithoutWaitingToSend(
  port: number,
  path: string,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      if (Number.isNaN(status)) reject(new Error(`no answer to POST ${path}`));
      else resolve({ status, body: answer.slice(answer.indexOf("\r\n\r\n") + 4) });
    });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
  });
}

beforeAll(() => {
  // .ci/run builds once before the suites and says so; anywhere else the test builds what it boots.
  const prebuilt =
    process.env.CARTBACK_BUILD_READY === "1" && fs.existsSync(path.join(root, "build", "server.js"));
  if (!prebuilt) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const setup = spawnSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "setup"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: minimalEnv.DATABASE_URL },
    encoding: "utf8",
  });
  if (setup.status !== 0) throw new Error(`setup failed:\n${setup.stdout}\n${setup.stderr}`);
}, 180_000);

afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("the built server", () => {
  it("boots on SQLite with a minimal production environment and answers /healthz", async () => {
    const port = await freePort();
    startServer({ ...minimalEnv, PORT: String(port) });

    const health = await waitForHealth(port);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: "up" });

    const unsigned = await fetch(`http://127.0.0.1:${port}/webhooks/app/uninstalled`, {
      method: "POST",
      body: "{}",
    });
    expect(unsigned.status).toBe(401);

    // Over 1 MB is refused before any route reads it, on every path (the admin's forms too).
    const big = Buffer.alloc(1024 * 1024 + 1, "x");
    for (const path of ["/webhooks/orders/create", "/app/settings", "/pixel/events", "/jobs/tick"]) {
      const oversized = await postWithoutWaitingToSend(port, path, big);
      expect(oversized.status, path).toBe(413);
      expect(oversized.body).toContain("PAYLOAD_TOO_LARGE");
    }
  }, 30_000);

  it("answers a chunked body on every public route before it ends, cutting it at the route's limit", async () => {
    const port = await freePort();
    startServer({ ...minimalEnv, PORT: String(port) });
    expect((await waitForHealth(port)).status).toBe(200);

    // No length, 64 MiB on offer: a route that buffered its body whole would answer only after all of it.
    const bytes = 64 * 1024 * 1024;
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const routes: [string, number, Record<string, string>?][] = [
      ["/webhooks/orders/create", 413],
      ["/webhooks/resend", 413],
      ["/pixel/events", 413, { "Content-Type": "text/plain" }],
      ["/auth/login", 413, form],
      ["/unsubscribe/made-up", 404, form],
      ["/jobs/tick", 401],
      ["/r/made-up", 405],
      ["/healthz", 405],
      ["/app/settings", 302, form],
    ];
    for (const [path, status, headers] of routes) {
      const answer = await postChunked(`http://127.0.0.1:${port}${path}`, { bytes, headers });
      expect(answer.status, path).toBe(status);
      expect(answer.sent, path).toBeLessThan(bytes);
    }
  }, 60_000);

  it("refuses to boot in production without a required variable, naming it", async () => {
    const { CRON_SECRET: _omitted, ...withoutCron } = minimalEnv;
    const { child, output } = startServer({ ...withoutCron, PORT: String(await freePort()) });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(output()).toContain("CRON_SECRET is required when NODE_ENV=production");
    expect(output()).not.toContain(minimalEnv.SHOPIFY_API_SECRET);
  }, 30_000);

  it("refuses to boot in production with demo mode on (the demo has no authentication)", async () => {
    const port = await freePort();
    const { child, output } = startServer({ ...minimalEnv, DEMO_MODE: "1", PORT: String(port) });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(output()).toContain("DEMO_MODE cannot be on when NODE_ENV=production");
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);

  it("refuses to boot with DATA_ENCRYPTION_KEY_PREVIOUS but no DATA_HASH_KEY, naming the variable and the fix", async () => {
    const port = await freePort();
    const { child, output } = startServer({
      ...minimalEnv,
      DATA_ENCRYPTION_KEY: ROTATED_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: minimalEnv.DATA_ENCRYPTION_KEY,
      PORT: String(port),
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(output()).toContain(
      "DATA_HASH_KEY is required when DATA_ENCRYPTION_KEY_PREVIOUS is set: set it to the key the stored email hashes were made with",
    );
    expect(output()).not.toContain(minimalEnv.DATA_ENCRYPTION_KEY);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);

  it("refuses to boot with a hash key other than the one its database's hashes were made with", async () => {
    // A start with the first key records its fingerprint (if no earlier test's start did).
    const firstPort = await freePort();
    const first = startServer({ ...minimalEnv, PORT: String(firstPort) });
    expect((await waitForHealth(firstPort)).status).toBe(200);
    first.child.kill("SIGTERM");
    await new Promise((resolve) => first.child.on("exit", resolve));

    const rotated = {
      ...minimalEnv,
      DATA_ENCRYPTION_KEY: ROTATED_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: minimalEnv.DATA_ENCRYPTION_KEY,
    };
    const port = await freePort();
    const { child, output } = startServer({ ...rotated, DATA_HASH_KEY: ROTATED_KEY, PORT: String(port) });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output()).toMatch(
      /^Refusing to start: the email hashes in this database \(unsubscribes, bounces, consent, frequency caps\) were made with another key than DATA_HASH_KEY \(stored fingerprint [0-9a-f]{12}, configured [0-9a-f]{12}\).*Set DATA_HASH_KEY to the key they were made with.*\n$/,
    );
    expect(output()).not.toContain(ROTATED_KEY);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const fixedPort = await freePort();
    startServer({ ...rotated, DATA_HASH_KEY: minimalEnv.DATA_ENCRYPTION_KEY, PORT: String(fixedPort) });
    expect((await waitForHealth(fixedPort)).status).toBe(200);
  }, 60_000);

  it("refuses to boot on a Node older than 22.12, with one line that says what to install", async () => {
    // This Node, made to report 20.20.2 before the server's code runs (the machines' own Node is 20).
    const olderNode = `--import=data:text/javascript,${encodeURIComponent(
      'Object.defineProperty(process.versions, "node", { value: "20.20.2" });',
    )}`;
    const port = await freePort();
    const { child, output } = startServer({ ...minimalEnv, PORT: String(port) }, [olderNode]);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output()).toBe(`${unsupportedNodeMessage("20.20.2")}\n`);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);
});
