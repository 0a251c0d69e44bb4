import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject } from "../test/helpers/project-copy";

// Base images cannot be pulled on every machine (nor on the ones this is developed on), so this runs the
// Dockerfile's own steps without Docker: each stage's WORKDIR /app is a fresh directory, COPY copies from a
// clean copy of the project filtered by .dockerignore (the build context) or from an earlier stage, RUN and
// CMD run with the stage's ENV, then the HEALTHCHECK command is run against the booted server.
// Not exercised: the base image itself, USER (everything runs as this machine's user; `chown` is a no-op, the
// image's `node` user does not exist here) and VOLUME. `npm ci` needs the registry or npm's cache, and the
// whole run takes minutes, so it runs only with CARTBACK_DOCKER_STEPS=1.

const root = process.cwd();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-docker-"));
const children: ChildProcess[] = [];

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
function readDockerfile(text: string): Instruction[] {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ");
  return logical
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = ""] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: line.slice(keyword.length).trim() };
    });
}

/** `["a", "b"]` (exec form) or `a b` (shell form) as an argv. */
function argvOf(args: string): string[] {
  return args.startsWith("[") ? (JSON.parse(args) as string[]) : ["sh", "-c", args];
}

/** The build context: the project as a clone has it, without what .dockerignore excludes. */
function buildContext(): string {
  const context = path.join(workDir, "context");
  copyProject(root, context);
  const patterns = fs
    .readFileSync(path.join(root, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const isIgnored = (file: string) => {
    let ignored = false;
    for (const pattern of patterns) {
      const negated = pattern.startsWith("!");
      const glob = negated ? pattern.slice(1) : pattern;
      if (path.matchesGlob(file, glob) || path.matchesGlob(file, `${glob}/**`)) ignored = !negated;
    }
    return ignored;
  };
  for (const file of fs.readdirSync(context, { recursive: true, encoding: "utf8" })) {
    const full = path.join(context, file);
    if (fs.existsSync(full) && isIgnored(file)) fs.rmSync(full, { recursive: true, force: true });
  }
  return context;
}

/** COPY: several sources, or a destination ending in "/", go into the destination directory. */
function copyInto(sources: string[], from: string, destination: string, stageDir: string) {
  const intoDirectory = destination.endsWith("/") || sources.length > 1;
  const target = path.resolve(stageDir, destination);
  for (const source of sources) {
    const into = intoDirectory && source !== "." ? path.join(target, path.basename(source)) : target;
    fs.cpSync(path.join(from, source), into, { recursive: true, verbatimSymlinks: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe.runIf(process.env.CARTBACK_DOCKER_STEPS === "1")("the Dockerfile's steps", () => {
  it("build, then start on SQLite: migrations, the server, and a passing HEALTHCHECK on /healthz", async () => {
    const context = buildContext();
    const shims = path.join(workDir, "shims");
    fs.mkdirSync(shims);
    fs.writeFileSync(path.join(shims, "chown"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });

    const stages = new Map<string, string>();
    let stageDir = "";
    let stageEnv: Record<string, string> = {};
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    /** /app inside the image is the stage's directory here. */
    const local = (value: string) => value.replaceAll("/app", stageDir);
    // What the build host lends a `docker build`: its network, which here means the certificate authorities
    // and proxy settings its npm needs to reach the registry.
    const network = Object.fromEntries(
      Object.entries(process.env).filter(([name]) =>
        /^(NODE_EXTRA_CA_CERTS|SSL_CERT_(FILE|DIR)|(HTTPS?|NO)_PROXY)$/i.test(name),
      ),
    );
    const env = () =>
      ({
        PATH: `${shims}:${process.env.PATH}`,
        HOME: process.env.HOME,
        ...network,
        ...stageEnv,
      }) as unknown as NodeJS.ProcessEnv;

    for (const { keyword, args } of readDockerfile(
      fs.readFileSync(path.join(context, "Dockerfile"), "utf8"),
    )) {
      if (keyword === "FROM") {
        const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
        stageDir = path.join(workDir, "stages", name);
        fs.mkdirSync(stageDir, { recursive: true });
        stages.set(name, stageDir);
        stageEnv = {};
      } else if (keyword === "WORKDIR") {
        expect(args, "WORKDIR is the stage's /app").toBe("/app");
      } else if (keyword === "ENV") {
        for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) stageEnv[name!] = local(value!);
      } else if (keyword === "COPY") {
        const words = args.split(/\s+/);
        const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
        const paths = words.filter((word) => !word.startsWith("--"));
        const destination = paths.pop()!;
        const sources = from ? paths.map((source) => path.relative("/app", source)) : paths;
        copyInto(sources, from ? stages.get(from)! : context, destination, stageDir);
      } else if (keyword === "RUN") {
        const run = spawnSync("sh", ["-c", local(args)], { cwd: stageDir, env: env(), encoding: "utf8" });
        expect(run.status, `RUN ${args}\n${run.stdout}\n${run.stderr}`).toBe(0);
      } else if (keyword === "CMD") {
        cmd = argvOf(args);
      } else if (keyword === "HEALTHCHECK") {
        healthcheck = argvOf(args.slice(args.indexOf("CMD") + "CMD".length).trim());
      }
    }

    // What `docker run` adds: the variables production requires, and a port of its own.
    const port = await freePort();
    stageEnv = {
      ...stageEnv,
      PORT: String(port),
      SHOPIFY_API_KEY: "docker-key",
      SHOPIFY_API_SECRET: "docker-secret",
      SHOPIFY_APP_URL: "https://cartback.example.com",
      CRON_SECRET: "0123456789abcdef0123456789abcdef",
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
      RESEND_API_KEY: "re_docker",
      RESEND_WEBHOOK_SECRET: "whsec_docker",
      EMAIL_FROM: "Cartback <recover@example.com>",
      LOG_LEVEL: "warn",
    };
    const server = spawn(cmd[0]!, cmd.slice(1), { cwd: stageDir, env: env() });
    children.push(server);
    let output = "";
    server.stdout.on("data", (chunk) => (output += chunk));
    server.stderr.on("data", (chunk) => (output += chunk));

    let healthy = false;
    for (let attempt = 0; attempt < 240 && !healthy && server.exitCode === null; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const check = spawnSync(healthcheck[0]!, healthcheck.slice(1), { cwd: stageDir, env: env() });
      healthy = check.status === 0;
    }
    expect(healthy, output).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true, database: "up" });
    // The database is in the volume's directory, and the runtime stage carries no dev dependency.
    expect(fs.existsSync(path.join(stageDir, "data", "cartback.sqlite"))).toBe(true);
    expect(fs.existsSync(path.join(stageDir, "node_modules", "vitest"))).toBe(false);
  }, 900_000);
});
