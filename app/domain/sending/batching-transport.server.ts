import type { ComposedEmail } from "~/domain/email";
import type { DeliveryOptions, SendResult } from "~/domain/messages";
import { deadlineAfter, type Deadline } from "~/lib/clock.server";
import { batchKeyFor, type BatchAnswer, type BatchTransport } from "./batch-transport";
import type { Transport } from "./transport";

/**
 * The provider's request budget, shared by every instance of the deployment (app/lib/send-pacer.server.ts).
 */
export interface ProviderPacer {
  /** Waits until one more request may start; false, without waiting past it, when `deadline` comes first. */
  acquire(deadline: Deadline): Promise<boolean>;
  /** The provider answered 429: no instance starts a request for this long. */
  pause(retryAfterMs: number): Promise<void>;
  /** How much longer the current pause lasts, 0 when there is none. */
  pausedForMs(): Promise<number>;
}

/** Where a batch's key is kept on its emails' sends, before the request (sending/batch-keys.server.ts). */
export interface BatchKeys {
  remember(batch: { shop: string; batchKey: string; sendIds: string[] }): Promise<void>;
  /** The batch was never accepted (429 until the tick's end): its emails go in a new batch next time. */
  forget(batch: { shop: string; batchKey: string; sendIds: string[] }): Promise<void>;
}

export interface BatchingOptions {
  provider: BatchTransport;
  pacer: ProviderPacer;
  batchKeys: BatchKeys;
  /**
   * How long a batch stays open for more emails before it asks for a request, at least; it stays open while it
   * waits for the pacer, so at the provider's ceiling every request carries as many emails as are ready.
   */
  lingerMs?: number;
  /** Requests of one batch within a tick after answers that leave it unknown (5xx, timeouts). */
  maxAttempts?: number;
  /** Waiting for the provider without a tick's deadline (a merchant's "send now"): at most this long. */
  defaultWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Member {
  email: ComposedEmail;
  now: Date;
  idempotencyKey: string;
  sendId: string | undefined;
  resolve(result: SendResult): void;
}

interface OpenBatch {
  group: string;
  shop: string;
  /** The key an earlier attempt gave these emails; null for a new batch. */
  batchKey: string | null;
  deadline: Deadline;
  members: Member[];
}

const DEFAULT_LINGER_MS = 20;
/**
 * A used-up quota without Retry-After is asked about again after this long: one request per half hour finds
 * a renewed day, or a plan the merchant raised, soon enough, and costs nothing meanwhile.
 */
export const QUOTA_RECHECK_MS = 30 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 4;
/** Backoff between attempts after an unknown answer without Retry-After: 1 s, 2 s, 4 s. */
const backoffMs = (attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 8_000);
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivery in provider batches at the provider's rate. Each email handed over joins its shop's open batch (up
 * to the provider's maximum); the batch waits for the deployment's request budget, is written onto its
 * emails' sends under a key derived from theirs, and goes in one request. A 429 pauses every instance for
 * the wait the provider asked for and sends the same batch again within the tick; a 5xx or a timeout sends
 * the same batch again under the same key (a repeat to the provider, never a second email). Each email gets
 * its own outcome: a batch partly refused refuses only those emails. An email that an earlier attempt handed
 * to a batch goes only with that batch's emails, under its key.
 */
export function createBatchingTransport({
  provider,
  pacer,
  batchKeys,
  lingerMs = DEFAULT_LINGER_MS,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
  defaultWaitMs = 30_000,
  sleep = sleepFor,
}: BatchingOptions): Transport {
  const open = new Map<string, OpenBatch>();

  const settle = (members: Member[], result: SendResult) => {
    for (const member of members) member.resolve(result);
  };

  async function dispatch(batch: OpenBatch) {
    try {
      await sleep(lingerMs);
      const granted = await pacer.acquire(batch.deadline);
      if (open.get(batch.group) === batch) open.delete(batch.group);
      if (!granted) {
        settle(batch.members, {
          ok: false,
          retryable: true,
          rateLimited: true,
          reason: "the email provider's request budget for this tick was spent",
        });
        return;
      }
      await send(batch);
    } catch (error) {
      if (open.get(batch.group) === batch) open.delete(batch.group);
      // Settles only the emails not answered yet: a promise keeps its first outcome.
      settle(batch.members, {
        ok: false,
        retryable: true,
        reason: `the batch could not be sent: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async function send(batch: OpenBatch) {
    const { shop } = batch;
    // In one order whatever order they came in: a batch sent again is then the same request, which the
    // provider answers with the first answer (and the emails' ids) rather than a bare "already sent".
    const members = [...batch.members].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
    const batchKey = batch.batchKey ?? batchKeyFor(members.map((member) => member.idempotencyKey));
    const sendIds = members.flatMap((member) => (member.sendId ? [member.sendId] : []));
    // Before the request: a process stopped during it leaves its emails marked with the key they went under.
    if (!batch.batchKey && sendIds.length > 0) await batchKeys.remember({ shop, batchKey, sendIds });
    const emails = members.map(({ email, idempotencyKey }) => ({ email, idempotencyKey }));
    // A batch that an earlier request may have delivered (an unknown answer, now or in an earlier tick) keeps
    // its key whatever comes after: its emails go again only together under it. One that surely went nowhere
    // (429s only) lets its emails go in any batch next time.
    let maybeSent = batch.batchKey !== null;
    const forgetUnlessMaybeSent = async () => {
      if (!maybeSent && sendIds.length > 0) await batchKeys.forget({ shop, batchKey, sendIds });
    };
    for (let attempt = 1; ; attempt++) {
      const answer: BatchAnswer = await provider.deliverBatch(emails, {
        batchKey,
        now: (members[0] as Member).now,
      });
      if (answer.kind === "ANSWERED") {
        members.forEach((member, index) =>
          member.resolve(
            answer.results[index] ?? {
              ok: false,
              retryable: true,
              reason: "the provider's answer did not name this email",
            },
          ),
        );
        return;
      }
      if (answer.kind === "REFUSED") {
        settle(members, { ok: false, retryable: false, reason: answer.reason });
        return;
      }
      if (answer.kind === "QUOTA_EXCEEDED") {
        // Not sent again this tick: the quota does not come back in seconds. Every instance stops asking.
        const waitMs = answer.retryAfterMs ?? QUOTA_RECHECK_MS;
        await pacer.pause(waitMs);
        await forgetUnlessMaybeSent();
        settle(members, {
          ok: false,
          retryable: true,
          rateLimited: true,
          quotaExceeded: true,
          reason: answer.reason,
          retryAfterMs: waitMs,
        });
        return;
      }
      const rateLimited = answer.kind === "RATE_LIMITED";
      if (!rateLimited) maybeSent = true;
      const waitMs = answer.retryAfterMs ?? (rateLimited ? 1_000 : backoffMs(attempt));
      if (rateLimited) await pacer.pause(waitMs);
      else if (attempt < maxAttempts) await sleep(waitMs);
      const again =
        (rateLimited || attempt < maxAttempts) &&
        !batch.deadline.isPast() &&
        (await pacer.acquire(batch.deadline));
      if (again) continue;
      await forgetUnlessMaybeSent();
      settle(members, {
        ok: false,
        retryable: true,
        reason: answer.reason,
        retryAfterMs: waitMs,
        ...(rateLimited ? { rateLimited: true } : {}),
      });
      return;
    }
  }

  return {
    pausedForMs: () => pacer.pausedForMs(),
    deliver(email, options: DeliveryOptions) {
      return new Promise<SendResult>((resolve) => {
        const shop = options.shop ?? "";
        const group = options.batchKey ? `${shop} ${options.batchKey}` : shop;
        const member = {
          email,
          now: options.now,
          idempotencyKey: options.idempotencyKey,
          sendId: options.sendId,
          resolve,
        };
        const current = open.get(group);
        if (current && current.members.length < provider.maxBatch) {
          current.members.push(member);
          return;
        }
        const batch: OpenBatch = {
          group,
          shop,
          batchKey: options.batchKey ?? null,
          deadline: options.deadline ?? deadlineAfter(defaultWaitMs),
          members: [member],
        };
        open.set(group, batch);
        void dispatch(batch);
      });
    },
  };
}
