import { describe, expect, it } from "vitest";
import { createDatabaseClient } from "~/db.server";
import { checkHealth } from "~/lib/health.server";
import { callLoader } from "../../test/helpers/routes";
import { loader } from "./healthz";

describe("GET /healthz", () => {
  it("answers 200 when the database is reachable", async () => {
    const response = await callLoader(loader, new Request("http://localhost/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up" });
  });

  it("reports the database down when it cannot be reached, without connection details", async () => {
    // Nothing listens on port 1, so every connection is refused.
    const unreachable = createDatabaseClient("postgresql://cartback:secret-password@127.0.0.1:1/none", {
      connectionTimeoutMs: 500,
    });
    const health = await checkHealth(unreachable);
    expect(health).toEqual({ ok: false, database: "down", reason: "query failed" });
    expect(JSON.stringify(health)).not.toContain("secret-password");
    await unreachable.$disconnect();
  });
});
