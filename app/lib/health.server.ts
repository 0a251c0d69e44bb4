import type { Db } from "~/db.server";

export interface Health {
  ok: boolean;
  database: "up" | "down";
  /** Why the database check failed, without connection details. */
  reason?: string;
}

/** Whether the app can serve: the database answers a trivial query within the timeout. */
export async function checkHealth(
  db: Db,
  { timeoutMs = 2_000 }: { timeoutMs?: number } = {},
): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rejectTimeout) => {
    timer = setTimeout(() => rejectTimeout(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRawUnsafe("SELECT 1"), timeout]);
    return { ok: true, database: "up" };
  } catch (error) {
    const reason =
      error instanceof Error && error.message.startsWith("no answer") ? error.message : "query failed";
    return { ok: false, database: "down", reason };
  } finally {
    clearTimeout(timer);
  }
}
