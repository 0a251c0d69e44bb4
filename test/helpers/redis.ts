import crypto from "node:crypto";
import { once } from "node:events";
import type { Redis } from "ioredis";
import { createRedisClient } from "~/lib/redis.server";

/**
 * The Redis of the shared-state tests: TEST_REDIS_URL (.ci/run sets it when Redis answers on 127.0.0.1:6379);
 * without it those tests are skipped. Each test works under a key prefix of its own and deletes only that, so
 * runs and test files sharing one Redis never see each other's keys.
 */
export const testRedisUrl = process.env.TEST_REDIS_URL;

/** A connected client, as each instance of a deployment has its own; closed with closeTestRedis. */
export async function connectTestRedis(): Promise<Redis> {
  if (!testRedisUrl) throw new Error("TEST_REDIS_URL is not set");
  const client = createRedisClient(testRedisUrl);
  await once(client, "ready");
  return client;
}

export function uniqueKeyPrefix(name: string): string {
  return `cartback-test:${name}:${crypto.randomBytes(6).toString("hex")}`;
}

/** Deletes this prefix's keys (only those) and closes the clients. */
export async function closeTestRedis(prefix: string, clients: Redis[]) {
  const [first] = clients;
  if (first) {
    let cursor = "0";
    do {
      const [next, keys] = await first.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 100);
      if (keys.length > 0) await first.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
  await Promise.all(clients.map((client) => client.quit()));
}
