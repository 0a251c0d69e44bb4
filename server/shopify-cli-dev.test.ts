import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "~/lib/env.server";
import { copyProject } from "../test/helpers/project-copy";

// `npm run dev` is `shopify app dev`: the CLI starts a tunnel, then runs shopify.web.toml's `predev` and `dev`
// commands in the project directory. This test does what the CLI does, in a fresh copy of the project, with
// exactly the variables the CLI gives those commands, and opens the app as Shopify admin does.

const root = process.cwd();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-cli-dev-"));
const children: ChildProcess[] = [];
const TUNNEL_URL = "https://cartback-dev.trycloudflare.com";
const SHOP = "cli-dev-shop.myshopify.com";

/**
 * The environment of the web process, as Shopify CLI builds it in `launchWebProcess` and `runCommands`
 * (github.com/Shopify/cli, packages/app/src/cli/services/dev/processes/web.ts, read at commit a0798d198d1c):
 * `hostname` is the tunnel URL, `port` the frontend port, which is also the backend port of a web with both
 * roles (shopify.web.toml). Neither SHOPIFY_APP_URL nor DATABASE_URL is among them. PATH and HOME stand for the
 * developer's shell, which the CLI passes on.
 */
function shopifyCliWebEnv(port: number): NodeJS.ProcessEnv {
  const hostname = TUNNEL_URL;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET_KEY,
    HOST: hostname,
    SCOPES: DEFAULT_SCOPES.join(","),
    NODE_ENV: "development",
    BACKEND_PORT: `${port}`,
    FRONTEND_PORT: `${port}`,
    APP_URL: hostname,
    APP_ENV: "development",
    REMIX_DEV_ORIGIN: hostname,
    PORT: `${port}`,
    SERVER_PORT: `${port}`,
  } as unknown as NodeJS.ProcessEnv;
}

/**
 * `runCommands` in web.ts: split on `&&`, then on spaces, and run each in turn. `predev` finishes before `dev`
 * starts; the last step of `dev` is the server, left running.
 */
async function runLikeTheCli(
  command: string,
  env: NodeJS.ProcessEnv,
  { server }: { server: boolean },
): Promise<{ output: () => string }> {
  let output = "";
  const steps = command.split("&&").map((step) => step.trim());
  for (const [index, step] of steps.entries()) {
    const [executable, ...args] = step.split(" ");
    const child = spawn(executable!, args, { cwd: workDir, env });
    children.push(child);
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    if (server && index === steps.length - 1) break;
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) throw new Error(`"${step}" exited with ${code}:\n${output}`);
  }
  return { output: () => output };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

/**
 * What the CLI's reverse proxy forwards from the tunnel: the request on the local port with the tunnel's Host
 * header (node:http, since fetch does not let a caller set Host).
 */
function throughTunnel(
  port: number,
  request: Request,
  accept = "text/html",
): Promise<{ status: number; location?: string; body: string }> {
  const url = new URL(request.url);
  return new Promise((resolve, reject) => {
    const sent = http.get(
      {
        host: "127.0.0.1",
        port,
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, accept, "user-agent": BROWSER },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location, body }),
        );
      },
    );
    sent.on("error", reject);
  });
}

/** A WebSocket handshake as the page's Vite client makes it, through the tunnel: the status it gets. */
function hotReloadHandshake(port: number, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = http.get({
      host: "127.0.0.1",
      port,
      path: `/?token=${encodeURIComponent(token)}`,
      headers: {
        host: new URL(TUNNEL_URL).host,
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.alloc(16, 7).toString("base64"),
        "sec-websocket-protocol": "vite-hmr",
      },
    });
    sent.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    sent.on("response", (response) => resolve(response.statusCode ?? 0));
    sent.on("error", reject);
  });
}

// Vite's first start transforms the whole app: minutes, not seconds, on a busy 2-core machine.
async function waitForServer(port: number, server: { output: () => string }, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch (error) {
      if (Date.now() > deadline || (children.at(-1)?.exitCode ?? null) !== null) {
        throw new Error(`the dev server did not answer:\n${server.output()}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

let port = 0;
let server: { output: () => string };

beforeAll(async () => {
  copyProject(root, workDir);
  // `npm install` in the clone: the same packages (a copy would take minutes).
  fs.symlinkSync(path.join(root, "node_modules"), path.join(workDir, "node_modules"), "dir");
  const web = parse(fs.readFileSync(path.join(workDir, "shopify.web.toml"), "utf8")) as unknown as {
    commands: { predev: string; dev: string };
  };
  port = await freePort();
  const env = shopifyCliWebEnv(port);
  // Awaited to its end: with predev's `prisma generate` still running, dev's own wrote into the same
  // directory at once and failed (ENOTEMPTY), as it never would under the CLI.
  await runLikeTheCli(web.commands.predev, env, { server: false });
  server = await runLikeTheCli(web.commands.dev, env, { server: true });
  await waitForServer(port, server);
}, 300_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("npm run dev (shopify app dev)", () => {
  it("starts with only the CLI's variables and answers the embedded admin's first load through the tunnel", async () => {
    // The shop installed the app earlier (its offline session is stored), so no call to Shopify is needed.
    const db = new Database(path.join(workDir, "data", "cartback.sqlite"));
    db.prepare(
      "INSERT INTO Session (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, '', 0, ?, ?)",
    ).run(`offline_${SHOP}`, SHOP, DEFAULT_SCOPES.join(","), "shpat_cli_dev");
    db.close();

    // Shopify admin opens application_url with the shop, host and a session token in the query.
    const opened = await setUpValidRequest(
      {
        type: RequestType.Admin,
        store: SHOP.replace(".myshopify.com", ""),
        apiKey: API_KEY,
        apiSecretKey: API_SECRET_KEY,
      },
      new Request(`${TUNNEL_URL}/`),
    );
    const landing = await throughTunnel(port, opened);
    expect(landing.status, landing.body.slice(0, 400)).toBe(302);
    const appPath = landing.location ?? "";
    expect(appPath).toMatch(/^\/app\?/);

    const app = await throughTunnel(port, new Request(`${TUNNEL_URL}${appPath}`));
    const html = app.body;
    expect(app.status, `${html.slice(0, 500)}\n${server.output()}`).toBe(200);
    // App Bridge with the app's key, and the shop's dashboard.
    expect(html).toContain(
      `<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js" data-api-key="${API_KEY}">`,
    );
    expect(html).toContain(SHOP);

    // The page's scripts come from Vite, also through the tunnel (Vite refuses hosts it was not told of).
    for (const script of ["/@vite/client", "/app/root.tsx"]) {
      const module = await throughTunnel(port, new Request(`${TUNNEL_URL}${script}`), "*/*");
      expect(module.status, `${script}: ${module.body.slice(0, 300)}`).toBe(200);
    }
    // Hot reload: the page's client connects with wss on 443, which the tunnel and the CLI's proxy bring to
    // this same port.
    const client = await throughTunnel(port, new Request(`${TUNNEL_URL}/@vite/client`), "*/*");
    expect(client.body).toContain('const socketProtocol = "wss"');
    expect(client.body).toContain("const hmrPort = 443");
    const token = /const wsToken = "([^"]*)"/.exec(client.body)?.[1] ?? "";
    expect(await hotReloadHandshake(port, token)).toBe(101);
    expect(server.output()).not.toMatch(/SHOPIFY_APP_URL is required|WebSocket server error|EADDRINUSE/);
    // The first page in development mode transforms its modules on request.
  }, 180_000);
});
