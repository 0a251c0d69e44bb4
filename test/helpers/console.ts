export const consoleErrorAllowances: RegExp[] = [];

/** Lets the current test print a console.error matching `pattern` without failing. */
export function allowConsoleError(pattern: RegExp) {
  consoleErrorAllowances.push(pattern);
}
