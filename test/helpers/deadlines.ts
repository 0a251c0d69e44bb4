import type { Deadline } from "~/lib/clock.server";

/** A deadline that never passes: tests do not depend on how fast the machine is. */
export const NO_DEADLINE: Deadline = { isPast: () => false, remainingMs: () => Number.POSITIVE_INFINITY };

/** A deadline already behind us: the work takes nothing new. */
export const PASSED_DEADLINE: Deadline = { isPast: () => true, remainingMs: () => 0 };

/** A deadline that passes after it has been asked `checks` times: a tick with room for that much work. */
export function deadlineAfterChecks(checks: number): Deadline {
  let asked = 0;
  return {
    isPast: () => asked++ >= checks,
    remainingMs: () => (asked < checks ? Number.POSITIVE_INFINITY : 0),
  };
}
