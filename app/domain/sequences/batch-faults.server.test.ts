import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import {
  batchKeyFor,
  createBatchingTransport,
  QUOTA_RECHECK_MS,
  createMailer,
  recoverySendBatchKeys,
  type BatchTransport,
  type ProviderPacer,
} from "~/domain/sending";
import { adminGraphqlFor } from "~/shopify.server";
import { sleep } from "~/lib/clock.server";
import { createSendPacer } from "~/lib/send-pacer.server";
import { logger } from "~/lib/logger.server";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";
import { createProviderStandIn, type ProviderStandIn } from "../../../test/helpers/provider-stand-in";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { TEST_APP_URL } from "../../../test/helpers/webhooks";
import { DEFAULT_LEASE_MS } from "./claim-step.server";
import { loadShopContext } from "./shop-context.server";
import { processDueSteps } from "./process-due-steps.server";
import { runRecovery } from "./run-recovery.server";

// Noon UTC, in a shop on UTC time: outside the default quiet hours.
const T0 = at("2026-11-20T12:00:00Z");
const FIRST_STEP_DUE = plus(T0, HOUR + 60_000);
/** After the first attempt's lease has lapsed: the stopped worker's claims are taken over. */
const AFTER_LEASE = plus(FIRST_STEP_DUE, DEFAULT_LEASE_MS + 60_000);

const LINGER_MS = 20;
const instantPacer: ProviderPacer = {
  acquire: async (deadline) => !deadline.isPast(),
  pause: async () => {},
  pausedForMs: async () => 0,
};

/**
 * The app's mailer (composition, then batches) on `provider`, as one process would hold it. Emails composed
 * within the linger go in one batch; on a slow machine a batch may split, which the assertions allow: what
 * they hold to is each email once, and each batch's requests under one key.
 */
const processOn = (provider: BatchTransport): MessageChannel =>
  createMailer({
    transport: createBatchingTransport({
      provider,
      pacer: instantPacer,
      batchKeys: recoverySendBatchKeys,
      // The linger is real (it is what groups emails); the backoff between attempts is not waited out.
      sleep: (ms) => (ms <= LINGER_MS ? sleep(ms) : Promise.resolve()),
      lingerMs: LINGER_MS,
    }),
  });

/** Each batch key's answers, in order. */
const answersByKey = (provider: ProviderStandIn) => {
  const byKey = new Map<string, string[]>();
  for (const request of provider.requests)
    byKey.set(request.batchKey, [...(byKey.get(request.batchKey) ?? []), request.answer]);
  return [...byKey.values()];
};

async function abandonCarts(count: number) {
  await installTestShop(SHOP_A, { timezone: "UTC" });
  for (let n = 1; n <= count; n++) await abandonCheckout(SHOP_A, { token: `batch-${n}`, updatedAt: T0 });
}

const sends = () =>
  prisma.recoverySend.findMany({
    where: { shop: SHOP_A },
    select: { status: true, batchKey: true, idempotencyKey: true },
  });

/** Each first step sent once by the provider, and recorded SENT once. */
async function expectEachOnce(provider: ProviderStandIn, count: number) {
  const rows = await sends();
  expect(rows.map((row) => row.status)).toEqual(Array.from({ length: count }, () => "SENT"));
  expect([...provider.sent].sort()).toEqual(rows.map((row) => row.idempotencyKey).sort());
}

/**
 * A process that stops before its requests land: none reaches the provider, none is answered. Every request
 * of it, not only the first: on a slow machine its emails may split into two batches, and a second batch that
 * did land would still be in flight when the next process takes the steps over.
 */
function stopsBeforeLanding(provider: ProviderStandIn): BatchTransport {
  return { maxBatch: provider.maxBatch, deliverBatch: () => new Promise(() => {}) };
}

/** Waits until `check` holds: for a process's work that is left hanging on purpose. */
const until = (check: () => boolean | Promise<boolean>) =>
  vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 10_000, interval: 5 });

describe("a provider batch that fails, or whose process stops", () => {
  it("answered 429, then 500, then lost on the way back: sent again as the same batch, each email once", async () => {
    await abandonCarts(3);
    const provider = createProviderStandIn();
    provider.script(
      { kind: "RATE_LIMITED", retryAfterMs: 1_000 },
      { kind: "SERVER_ERROR" },
      { kind: "ANSWER_LOST" },
    );
    const counts = await tickRecovery(SHOP_A, FIRST_STEP_DUE, processOn(provider));
    expect(counts.step_SENT).toBe(3);
    expect(provider.requests.map((request) => request.answer).slice(0, 3)).toEqual([
      "429",
      "500",
      "accepted, answer lost",
    ]);
    // The batch that met the faults went again under its key until it was answered; any other, once.
    for (const answers of answersByKey(provider)) expect(answers.at(-1)).toMatch(/^(accepted|repeat)$/);
    expect(answersByKey(provider)[0]).toEqual(["429", "500", "accepted, answer lost", "repeat"]);
    await expectEachOnce(provider, 3);
  });

  it("a process stopped after the provider accepted its batch: the next one sends nothing twice", async () => {
    await abandonCarts(3);
    const provider = createProviderStandIn();
    provider.script({ kind: "HANG_AFTER_ACCEPT" });
    // The first process hands its batch over and is never heard from again.
    void tickRecovery(SHOP_A, FIRST_STEP_DUE, processOn(provider));
    await until(() => provider.requests.some((request) => request.answer.endsWith("process stopped")));
    // Any other batch of the tick finishes; the hung one's steps stay claimed.
    await until(async () => (await sends()).every((row) => row.status === "SENT" || row.batchKey !== null));
    const [hung] = provider.requests;
    const stranded = (await sends()).filter((row) => row.status === "CLAIMED");
    expect(stranded.length).toBeGreaterThan(0);
    // Written down before the request: the stranded steps name the batch that hung.
    expect(stranded.map((row) => row.batchKey)).toEqual(stranded.map(() => hung?.batchKey));
    expect(batchKeyFor(stranded.map((row) => row.idempotencyKey))).toBe(hung?.batchKey);

    await tickRecovery(SHOP_A, AFTER_LEASE, processOn(provider));
    expect(answersByKey(provider)[0]).toEqual(["accepted, then the process stopped", "repeat"]);
    await expectEachOnce(provider, 3);
  });

  it("a process stopped before its batch reached the provider: the next one sends it, once", async () => {
    await abandonCarts(2);
    const provider = createProviderStandIn();
    void tickRecovery(SHOP_A, FIRST_STEP_DUE, processOn(stopsBeforeLanding(provider)));
    await until(
      async () => (await sends()).length === 2 && (await sends()).every((row) => row.batchKey !== null),
    );
    const stranded = (await sends()).filter((row) => row.status === "CLAIMED");
    expect(stranded.length).toBeGreaterThan(0);

    await tickRecovery(SHOP_A, AFTER_LEASE, processOn(provider));
    // The stranded batch under the key it was written down with, new to the provider: sent now, once.
    expect(provider.requests.map((request) => request.batchKey)).toContain(stranded[0]?.batchKey);
    expect(provider.requests.every((request) => request.answer === "accepted")).toBe(true);
    await expectEachOnce(provider, 2);
  });

  it("takes a stranded batch's other steps along when it is taken over one step at a time", async () => {
    await abandonCarts(3);
    const provider = createProviderStandIn();
    provider.script({ kind: "HANG_AFTER_ACCEPT" });
    void tickRecovery(SHOP_A, FIRST_STEP_DUE, processOn(provider));
    await until(
      async () => (await sends()).length === 3 && (await sends()).every((row) => row.batchKey !== null),
    );
    const hung = (await sends()).filter((row) => row.status === "CLAIMED");

    // A tick with room for one due step: its batch mates come with it, and the batch goes whole.
    const context = await loadShopContext(SHOP_A);
    const counts = await processDueSteps(context!, {
      now: AFTER_LEASE,
      mailer: processOn(provider),
      adminFor: adminGraphqlFor,
      appUrl: TEST_APP_URL,
      log: logger,
      deadline: NO_DEADLINE,
      limit: 1,
    });
    expect(counts.SENT).toBe(hung.length);
    expect(answersByKey(provider)[0]).toEqual(["accepted, then the process stopped", "repeat"]);
    const [first, retry] = provider.requests.filter((request) => request.batchKey === hung[0]?.batchKey);
    expect(retry?.size).toBe(first?.size);
    await expectEachOnce(provider, 3);
  });

  it("gives each email of a batch the provider partly refused its own outcome", async () => {
    await abandonCarts(3);
    const provider = createProviderStandIn();
    const [, refused] = (
      await prisma.checkout.findMany({ where: { shop: SHOP_A }, orderBy: { token: "asc" } })
    ).map((checkout) => checkout.id);
    provider.refuse(`cartback:${SHOP_A}:${refused}:step-1`);
    await tickRecovery(SHOP_A, FIRST_STEP_DUE, processOn(provider));
    const rows = await prisma.recoverySend.findMany({
      where: { shop: SHOP_A },
      select: { checkoutId: true, status: true, reason: true },
    });
    expect(rows.filter((row) => row.status === "SENT")).toHaveLength(2);
    expect(rows.find((row) => row.checkoutId === refused)).toMatchObject({
      status: "FAILED",
      reason: expect.stringContaining("invalid `to` field"),
    });
    expect(provider.sent).toHaveLength(2);
  });

  it("holds a sale's steps at a used-up quota: one request, deferred with the reason, no claims while paused", async () => {
    await abandonCarts(3);
    const provider = createProviderStandIn();
    provider.script({ kind: "QUOTA_EXCEEDED", retryAfterMs: null });
    // The deployment's pacer on a clock of the test's: the quota's pause lasts until the test moves it on.
    let pacerClockMs = 0;
    const pacer = createSendPacer({
      requestsPerSecond: 1_000,
      now: () => pacerClockMs,
      sleep: async () => {},
    });
    const mailer = createMailer({
      transport: createBatchingTransport({
        provider,
        pacer,
        batchKeys: recoverySendBatchKeys,
        sleep: (ms) => (ms <= LINGER_MS ? sleep(ms) : Promise.resolve()),
        lingerMs: LINGER_MS,
      }),
    });
    // A tick's budget of 25 s that the test never runs out of.
    const tick = (now: Date) =>
      runRecovery({
        now,
        mailer,
        adminFor: adminGraphqlFor,
        appUrl: TEST_APP_URL,
        deadline: { isPast: () => false, remainingMs: () => 25_000 },
        shop: SHOP_A,
      });

    const first = await tick(FIRST_STEP_DUE);
    expect(first.step_DEFERRED_PROVIDER_QUOTA).toBe(3);
    expect(provider.requests.map((request) => request.answer)).toEqual(["429 quota"]);
    const deferred = await prisma.recoveryEvent.findMany({
      where: { shop: SHOP_A, type: "DEFERRED" },
      select: { reason: true, data: true },
    });
    expect(deferred.map((event) => event.reason)).toEqual(Array(3).fill("DEFERRED_PROVIDER_QUOTA"));
    for (const event of deferred)
      expect(JSON.parse(event.data ?? "{}")).toMatchObject({
        until: plus(FIRST_STEP_DUE, QUOTA_RECHECK_MS).toISOString(),
      });
    // Nothing was sent: the emails may go in any batch later.
    expect((await sends()).map((row) => row.batchKey)).toEqual([]);

    // Due again, the provider still paused: nothing is claimed, composed or deferred.
    const later = plus(FIRST_STEP_DUE, QUOTA_RECHECK_MS + 60_000);
    const whilePaused = await tick(later);
    expect(whilePaused).toMatchObject({ provider_paused: 1 });
    expect(Object.keys(whilePaused).filter((key) => key.startsWith("step_"))).toEqual([]);
    expect(await prisma.recoveryEvent.count({ where: { shop: SHOP_A, type: "DEFERRED" } })).toBe(3);
    expect(provider.requests).toHaveLength(1);

    // The pause over (the quota renewed): each email once.
    pacerClockMs += QUOTA_RECHECK_MS;
    expect((await tick(later)).step_SENT).toBe(3);
    await expectEachOnce(provider, 3);
  });
});
