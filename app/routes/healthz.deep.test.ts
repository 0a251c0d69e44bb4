import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { runAt } from "~/lib/clock.server";
import { maskReason } from "~/domain/scheduler/get-deployment-health.server";
import { seedEnrollments } from "../../test/helpers/recovery-seed";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { loader } from "./healthz";

const SECRET = "test-cron-secret-0123456789abcdef0123456789";
const NOW = new Date("2026-12-04T12:00:00Z");
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

const deep = (headers: Record<string, string> = { Authorization: `Bearer ${SECRET}` }, query = "?deep=1") =>
  runAt(NOW, () => callLoader(loader, new Request(`${TEST_APP_URL}/healthz${query}`, { headers })));

async function recordTick(finishedAt: Date) {
  await prisma.jobHeartbeat.create({
    data: { name: "tick", lastStartedAt: finishedAt, lastFinishedAt: finishedAt, lastReport: "{}" },
  });
}

describe("GET /healthz?deep=1", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { Authorization: "Bearer not-the-secret-not-the-secret-not-the" }],
    ["the secret with another scheme", { Authorization: `Basic ${SECRET}` }],
  ])("answers 401 to %s, with nothing about the deployment", async (_case, headers) => {
    await recordTick(minutesBefore(1));
    const response = await deep(headers);
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).not.toMatch(/tick|lag|shops/i);
  });

  it("leaves the plain check as it was: unauthenticated, the database only", async () => {
    const response = await deep({}, "");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up" });
  });

  it("reports tick lag, the oldest due step and provider errors as counts, without shops or addresses", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await recordTick(minutesBefore(2));
    const [waiting, , failing, retrying, notProvider] = await seedEnrollments(SHOP_A, [
      { anchorAt: minutesBefore(120), nextStep: 1, dueAt: minutesBefore(45) },
      // Due later: not counted.
      { anchorAt: minutesBefore(120), nextStep: 1, dueAt: new Date(NOW.getTime() + 60_000) },
      { anchorAt: minutesBefore(120), sends: [{ step: 1, status: "FAILED" }] },
      { anchorAt: minutesBefore(120), sends: [{ step: 1, status: "RETRY" }] },
      { anchorAt: minutesBefore(120), sends: [{ step: 1, status: "FAILED" }] },
    ]);
    await seedEnrollments(SHOP_B, [{ anchorAt: minutesBefore(60), nextStep: 1, dueAt: minutesBefore(5) }]);
    const reason = (id: string | undefined, text: string) =>
      prisma.recoverySend.update({ where: { id: id ?? "" }, data: { reason: text } });
    await reason(failing?.sendIds[0], "Resend 422: Invalid `to` field: ana.shopper@example.com");
    await reason(retrying?.sendIds[0], "Resend 500: Internal server error");
    await reason(notProvider?.sendIds[0], "discount code: Shopify throttled the request");
    // The latest provider failure is the one with the address.
    await prisma.recoverySend.update({
      where: { id: retrying?.sendIds[0] ?? "" },
      data: { updatedAt: new Date(Date.now() - 10 * 60_000) },
    });

    const response = await deep();

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      ok: true,
      database: "up",
      tick: { lastFinishedAt: minutesBefore(2).toISOString(), lagSeconds: 120, limitSeconds: 900 },
      oldestDueStep: { dueAt: minutesBefore(45).toISOString(), ageSeconds: 45 * 60 },
      dueSteps: 2,
      providerErrors: { lastHour: 2, latestReason: "Resend 422: Invalid `to` field: [address]" },
      installedShops: 2,
    });
    expect(waiting).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(/myshopify|example\.com/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("leaves out provider failures older than an hour", async () => {
    await installTestShop(SHOP_A);
    await recordTick(minutesBefore(1));
    const [old] = await seedEnrollments(SHOP_A, [
      { anchorAt: minutesBefore(300), sends: [{ step: 1, status: "FAILED" }] },
    ]);
    await prisma.recoverySend.update({
      where: { id: old?.sendIds[0] ?? "" },
      data: { reason: "Resend 500: boom", updatedAt: new Date(Date.now() - 61 * 60_000) },
    });
    const body = await (await deep()).json();
    expect(body.providerErrors).toEqual({ lastHour: 0, latestReason: null });
    expect(body.oldestDueStep).toBeNull();
  });

  it("answers 503 when the tick has not finished for more than 15 minutes, or never ran", async () => {
    let response = await deep();
    expect(response.status).toBe(503);
    expect((await response.json()).tick).toEqual({
      lastFinishedAt: null,
      lagSeconds: null,
      limitSeconds: 900,
    });

    await recordTick(minutesBefore(16));
    response = await deep();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, tick: { lagSeconds: 960 } });

    await prisma.jobHeartbeat.update({
      where: { name: "tick" },
      data: { lastFinishedAt: minutesBefore(15) },
    });
    expect((await deep()).status).toBe(200);
  });
});

describe("maskReason", () => {
  it("masks every address and keeps the reason short", () => {
    expect(maskReason("to <a@b.example> and 'c.d+e@f.example'")).toBe("to <[address]> and '[address]'");
    expect(maskReason("x".repeat(500))).toHaveLength(200);
  });
});
