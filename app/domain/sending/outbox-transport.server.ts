import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { ComposedEmail } from "~/domain/email";
import type { Transport } from "./transport";

/**
 * Development, tests and the demo without RESEND_API_KEY: each email becomes `<id>.json` (everything a
 * provider would get) plus `<id>.html` to open in a browser and `<id>.txt`. The id comes from the idempotency
 * key, and files are created exclusively, so a key is written once however often it is sent.
 */
export function outboxIdFor(idempotencyKey: string): string {
  return crypto.createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24);
}

export function createOutboxTransport({
  dir,
  clock,
}: {
  dir: string;
  /** The time written into each record (the app's `currentTime`). */
  clock: () => Date;
}): Transport {
  return {
    async deliver(email: ComposedEmail, { idempotencyKey }) {
      const id = outboxIdFor(idempotencyKey);
      const jsonFile = path.join(dir, `${id}.json`);
      const record = { id, ...email, idempotencyKey, createdAt: clock().toISOString() };
      try {
        await fs.mkdir(dir, { recursive: true });
        // The JSON file is the claim on the key: `wx` fails if another send of the same key wrote it first.
        await fs.writeFile(jsonFile, `${JSON.stringify(record, null, 2)}\n`, { flag: "wx" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST")
          return { ok: true, providerMessageId: `outbox_${id}` };
        return { ok: false, retryable: true, reason: `outbox write failed: ${(error as Error).message}` };
      }
      await Promise.all([
        fs.writeFile(path.join(dir, `${id}.html`), email.html),
        fs.writeFile(path.join(dir, `${id}.txt`), email.text),
      ]);
      return { ok: true, providerMessageId: `outbox_${id}` };
    },
  };
}
