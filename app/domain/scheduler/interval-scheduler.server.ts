import type { Logger } from "~/lib/logger.server";

/**
 * Runs `work` every `everyMs` in this process (SCHEDULER=interval, for single-instance deployments and
 * development). A run that is still going when the next is due is not doubled: the next run waits its turn.
 */
export function startIntervalScheduler({
  everyMs,
  work,
  log,
}: {
  everyMs: number;
  work: () => Promise<unknown>;
  log: Logger;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = work()
      .catch((error: unknown) => log.error({ err: error }, "scheduled run failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  // The first run does not wait a whole interval after boot.
  setTimeout(run, 1_000).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
