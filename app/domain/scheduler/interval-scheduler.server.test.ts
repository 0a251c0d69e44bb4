import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "~/lib/logger.server";
import { startIntervalScheduler } from "./interval-scheduler.server";

const log = createLogger({ level: "silent" });

afterEach(() => vi.useRealTimers());

describe("startIntervalScheduler", () => {
  it("runs every interval and never overlaps a run still in progress", async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finish: (() => void) | undefined;
    const scheduler = startIntervalScheduler({
      everyMs: 60_000,
      log,
      work: () =>
        new Promise<void>((resolve) => {
          runs++;
          active++;
          maxActive = Math.max(maxActive, active);
          finish = () => {
            active--;
            resolve();
          };
        }),
    });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(180_000);
    expect(runs).toBe(1);
    finish?.();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    finish?.();
    await scheduler.stop();
  });

  it("waits for the current run when stopped and starts no other", async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finished = false;
    const scheduler = startIntervalScheduler({
      everyMs: 1_000,
      log,
      work: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
    });
    await vi.advanceTimersByTimeAsync(1_100);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });
});
