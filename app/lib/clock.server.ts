import { AppError } from "./app-error";
import { isDemoMode } from "./env.server";

/**
 * The time requests act at. Always the real time, except in demo mode, where `npm run demo` moves it through
 * a simulated month (the clock then runs on from the time it was set to). Domain code never reads this: routes
 * and the scheduler pass `now` in.
 */

let offsetMs = 0;

export function currentTime(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Demo mode only: the clock reads `at` now and runs on from there. */
export function setDemoClock(at: Date) {
  if (!isDemoMode) throw new AppError("NOT_FOUND", "the clock can only be set in demo mode");
  offsetMs = at.getTime() - Date.now();
}
