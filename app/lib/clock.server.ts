import { AsyncLocalStorage } from "node:async_hooks";
import { AppError } from "./app-error";
import { isDemoMode } from "./env.server";

/**
 * The only module that reads the machine's clock (a lint rule keeps it so). Everything else is given `now`:
 * routes and the scheduler ask `currentTime()` once per request or tick and pass it down, so a test that runs
 * a request inside `runAt(at, …)` sets the time for all of it, and the suite passes on any date and hour.
 *
 * Three readings, for three purposes:
 * - `currentTime()`: the time the app acts at (due steps, code expiry, quiet hours, rate-limit windows). The
 *   real time, except inside `runAt` (tests) and in demo mode, where `npm run demo` moves it through a
 *   simulated month (it then runs on from the time it was set to).
 * - `deadlineAfter(ms)` and `startStopwatch()`: elapsed time on the monotonic clock, for budgets (a tick
 *   stops taking work after 25 s of real time, whatever the simulated date) and durations in reports.
 * - `machineTime()`: the machine's own time, only to compare with stamps written from it (below).
 */

let demoOffsetMs = 0;
const pinned = new AsyncLocalStorage<Date>();

export function currentTime(): Date {
  const at = pinned.getStore();
  return at ? new Date(at.getTime()) : new Date(Date.now() + demoOffsetMs);
}

/** Runs `work` with `currentTime()` reading `at` throughout, across every await inside it (tests). */
export function runAt<T>(at: Date, work: () => T): T {
  return pinned.run(new Date(at.getTime()), work);
}

/** Demo mode only: the clock reads `at` now and runs on from there. */
export function setDemoClock(at: Date) {
  if (!isDemoMode) throw new AppError("NOT_FOUND", "the clock can only be set in demo mode");
  demoOffsetMs = at.getTime() - Date.now();
}

/**
 * The machine's own time, for comparing with stamps the database client writes itself (Prisma's
 * `@updatedAt` and `@default(now())` are filled from the machine's clock, not from `currentTime()`), and for
 * timing shared with other instances (the send pacer's schedule in Redis), which only synchronised machine
 * clocks agree on.
 */
export function machineTime(): Date {
  return new Date();
}

/** A point on the monotonic clock after which work stops taking more. */
export interface Deadline {
  isPast(): boolean;
  /** Milliseconds until it passes (0 once past): how long work may still wait, e.g. for the send pacer. */
  remainingMs(): number;
}

export function deadlineAfter(ms: number): Deadline {
  const end = performance.now() + ms;
  return {
    isPast: () => performance.now() > end,
    remainingMs: () => Math.max(0, end - performance.now()),
  };
}

/** Waits `ms` of real time. Code that waits takes this as a collaborator, so its tests wait for nothing. */
export function sleep(ms: number): Promise<void> {
  // Whole milliseconds up: a timer rounded down would wake before the moment waited for.
  return new Promise((resolve) => setTimeout(resolve, Math.ceil(ms)));
}

/** Milliseconds since the stopwatch started, on the monotonic clock. */
export function startStopwatch(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}
