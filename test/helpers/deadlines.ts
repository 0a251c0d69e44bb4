import type { Deadline } from "~/lib/clock.server";

/** A deadline that never passes: tests do not depend on how fast the machine is. */
export const NO_DEADLINE: Deadline = { isPast: () => false };

/** A deadline already behind us: the work takes nothing new. */
export const PASSED_DEADLINE: Deadline = { isPast: () => true };
