import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, EnvError, parseEnv } from "./env.server";

const minimal = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://cartback.example.com/",
};

const production = {
  ...minimal,
  NODE_ENV: "production",
  CRON_SECRET: "c".repeat(32),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  RESEND_API_KEY: "re_123",
  RESEND_WEBHOOK_SECRET: "whsec_abc",
  EMAIL_FROM: "Recovery <recover@mail.example.com>",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("fills documented defaults for a minimal development environment", () => {
    const env = parseEnv(minimal);
    expect(env).toMatchObject({
      NODE_ENV: "development",
      SHOPIFY_APP_URL: "https://cartback.example.com",
      DATABASE_URL: "file:./data/cartback.sqlite",
      OUTBOX_DIR: ".outbox",
      LOG_LEVEL: "info",
      PORT: 3000,
      GEMINI_MODEL: "gemini-3.8-flash",
    });
    expect(env.SCOPES).toEqual([...DEFAULT_SCOPES]);
  });

  it("names every missing or invalid variable in one error, never its value", () => {
    const problems = problemsOf({
      SHOPIFY_API_SECRET: "very-secret-value",
      SHOPIFY_APP_URL: "not a url",
      CRON_SECRET: "short",
      DATABASE_URL: "mysql://localhost/db",
      PORT: "http",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SHOPIFY_API_KEY is required/),
        expect.stringMatching(/^SHOPIFY_APP_URL must be an absolute URL/),
        expect.stringMatching(/^CRON_SECRET must be at least 32 characters/),
        expect.stringMatching(/^DATABASE_URL must be a file: URL/),
        expect.stringMatching(/^PORT /),
      ]),
    );
    expect(problems.join("\n")).not.toContain("very-secret-value");
    expect(problems.join("\n")).not.toContain("short");
  });

  it("takes the app URL from APP_URL, as `shopify app dev` passes it, when SHOPIFY_APP_URL is unset", () => {
    const cli = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", HOST: "https://t.trycloudflare.com" };
    expect(parseEnv({ ...cli, APP_URL: "https://t.trycloudflare.com" }).SHOPIFY_APP_URL).toBe(
      "https://t.trycloudflare.com",
    );
    expect(
      parseEnv({ ...minimal, APP_URL: "https://t.trycloudflare.com" }).SHOPIFY_APP_URL,
      "SHOPIFY_APP_URL wins",
    ).toBe("https://cartback.example.com");
    expect(problemsOf(cli), "HOST alone is not read").toContain("SHOPIFY_APP_URL is required");
  });

  it("makes the error message list each problem on its own line", () => {
    expect(() => parseEnv({})).toThrowError(
      /Invalid environment[\s\S]*- SHOPIFY_API_KEY is required[\s\S]*- SHOPIFY_API_SECRET is required/,
    );
  });

  it("refuses to boot production without the variables production needs", () => {
    const problems = problemsOf({ ...minimal, NODE_ENV: "production" });
    for (const name of [
      "CRON_SECRET",
      "DATA_ENCRYPTION_KEY",
      "RESEND_API_KEY",
      "RESEND_WEBHOOK_SECRET",
      "EMAIL_FROM",
    ]) {
      expect(problems).toContain(`${name} is required when NODE_ENV=production`);
    }
    expect(() => parseEnv(production)).not.toThrow();
  });

  it("requires https for the app URL in production", () => {
    expect(problemsOf({ ...production, SHOPIFY_APP_URL: "http://cartback.example.com" })).toEqual([
      "SHOPIFY_APP_URL must use https in production",
    ]);
  });

  it("accepts a 32-byte key as base64 or hex and rejects other lengths", () => {
    expect(() => parseEnv({ ...minimal, DATA_ENCRYPTION_KEY: "ab".repeat(32) })).not.toThrow();
    expect(problemsOf({ ...minimal, DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })[0]).toMatch(
      /^DATA_ENCRYPTION_KEY must be 32 bytes/,
    );
  });

  it("treats empty strings as unset and accepts PostgreSQL URLs", () => {
    const env = parseEnv({
      ...minimal,
      CRON_SECRET: "",
      GEMINI_MODEL: " ",
      DATABASE_URL: "postgresql://u@db:5432/cartback",
    });
    expect(env.CRON_SECRET).toBeUndefined();
    expect(env.GEMINI_MODEL).toBe("gemini-3.8-flash");
    expect(env.DATABASE_URL).toBe("postgresql://u@db:5432/cartback");
  });

  it("takes an optional Redis URL and the provider's request rate, defaulting to Resend's 2 per second", () => {
    expect(parseEnv(minimal).REDIS_URL).toBeUndefined();
    expect(parseEnv(minimal).EMAIL_REQUESTS_PER_SECOND).toBe(2);
    const env = parseEnv({
      ...minimal,
      REDIS_URL: "rediss://:secret@cache.internal:6380/0",
      EMAIL_REQUESTS_PER_SECOND: "0.5",
    });
    expect(env).toMatchObject({
      REDIS_URL: "rediss://:secret@cache.internal:6380/0",
      EMAIL_REQUESTS_PER_SECOND: 0.5,
    });
    const problems = problemsOf({
      ...minimal,
      REDIS_URL: "cache.internal:6379",
      EMAIL_REQUESTS_PER_SECOND: "0",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^EMAIL_REQUESTS_PER_SECOND must be a positive number/),
      expect.stringMatching(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/),
    ]);
    expect(problemsOf({ ...minimal, EMAIL_REQUESTS_PER_SECOND: "fast" })[0]).toMatch(
      /^EMAIL_REQUESTS_PER_SECOND must be a number/,
    );
  });

  it("validates EMAIL_FROM as an address or Name <address>", () => {
    expect(() => parseEnv({ ...minimal, EMAIL_FROM: "recover@mail.example.com" })).not.toThrow();
    expect(problemsOf({ ...minimal, EMAIL_FROM: "Cartback" })[0]).toMatch(/^EMAIL_FROM must be/);
  });

  it("refuses demo mode in production, whatever else is set", () => {
    expect(problemsOf({ ...production, DEMO_MODE: "1" })).toEqual([
      "DEMO_MODE cannot be on when NODE_ENV=production (the demo has no authentication)",
    ]);
    expect(parseEnv({ ...minimal, DEMO_MODE: "1" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ ...minimal, DEMO_MODE: "0" }).DEMO_MODE).toBe(false);
    expect(parseEnv(minimal).DEMO_MODE).toBe(false);
    expect(problemsOf({ ...minimal, DEMO_MODE: "yes" })[0]).toBe("DEMO_MODE must be 1 or 0");
  });

  it("accepts previous data keys (comma-separated) and a hash key for rotations, and names a bad one", () => {
    const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
    const env = parseEnv({
      ...minimal,
      DATA_ENCRYPTION_KEY_PREVIOUS: `${key(1)},${key(2)}`,
      DATA_HASH_KEY: key(1),
    });
    expect(env.DATA_ENCRYPTION_KEY_PREVIOUS).toBe(`${key(1)},${key(2)}`);
    expect(problemsOf({ ...minimal, DATA_ENCRYPTION_KEY_PREVIOUS: `${key(1)},short` })[0]).toMatch(
      /^DATA_ENCRYPTION_KEY_PREVIOUS must be 32-byte keys/,
    );
    expect(problemsOf({ ...minimal, DATA_HASH_KEY: "short" })[0]).toMatch(/^DATA_HASH_KEY must be 32 bytes/);
  });

  it("refuses previous data keys without DATA_HASH_KEY (the hash key would silently change), saying what to set", () => {
    const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
    const rotated = { DATA_ENCRYPTION_KEY: key(2), DATA_ENCRYPTION_KEY_PREVIOUS: key(1) };
    for (const environment of [minimal, production]) {
      const problems = problemsOf({ ...environment, ...rotated });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^DATA_HASH_KEY is required when DATA_ENCRYPTION_KEY_PREVIOUS is set: set it to the key the stored email hashes were made with/,
      );
      expect(problems[0]).not.toContain(key(1));
    }
    expect(() => parseEnv({ ...production, ...rotated, DATA_HASH_KEY: key(1) })).not.toThrow();
  });

  it("accepts a link signing key, its previous keys and previous Shopify secrets, and names a bad one", () => {
    const key = (fill: number) => Buffer.alloc(32, fill).toString("hex");
    const env = parseEnv({
      ...minimal,
      LINK_SIGNING_KEY: key(3),
      LINK_SIGNING_KEY_PREVIOUS: `${key(1)},${key(2)}`,
      SHOPIFY_API_SECRET_PREVIOUS: "old-secret",
    });
    expect(env).toMatchObject({
      LINK_SIGNING_KEY: key(3),
      LINK_SIGNING_KEY_PREVIOUS: `${key(1)},${key(2)}`,
      SHOPIFY_API_SECRET_PREVIOUS: "old-secret",
    });
    expect(parseEnv(minimal).LINK_SIGNING_KEY).toBeUndefined();
    expect(problemsOf({ ...minimal, LINK_SIGNING_KEY: "short" })[0]).toMatch(
      /^LINK_SIGNING_KEY must be 32 bytes/,
    );
    expect(problemsOf({ ...minimal, LINK_SIGNING_KEY_PREVIOUS: `${key(1)},short` })[0]).toMatch(
      /^LINK_SIGNING_KEY_PREVIOUS must be 32-byte keys/,
    );
  });
});
