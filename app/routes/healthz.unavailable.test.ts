import { describe, expect, it } from "vitest";
import { callLoader } from "../../test/helpers/routes";

// This file's app modules load against a database that refuses every connection (nothing listens on port 1).
process.env.DATABASE_URL = "postgresql://cartback@127.0.0.1:1/unreachable";
const { loader } = await import("./healthz");

describe("GET /healthz without a database", () => {
  it("answers 503 and says the database is down", async () => {
    const response = await callLoader(loader, new Request("http://localhost/healthz"));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, database: "down", reason: "query failed" });
  });
});
