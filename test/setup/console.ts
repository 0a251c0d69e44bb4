import { afterEach, beforeEach, vi, type MockInstance } from "vitest";
import { consoleErrorAllowances } from "../helpers/console";

// An unexpected console.error fails the test: it is how libraries (and msw, for an unmocked request) say
// something went wrong that the test did not account for.
let spy: MockInstance<typeof console.error>;

beforeEach(() => {
  consoleErrorAllowances.length = 0;
  spy = vi.spyOn(console, "error");
});

afterEach(() => {
  const unexpected = spy.mock.calls.filter(
    (args) => !consoleErrorAllowances.some((pattern) => pattern.test(args.map(String).join(" "))),
  );
  spy.mockRestore();
  if (unexpected.length > 0) {
    throw new Error(
      `unexpected console.error:\n${unexpected.map((args) => args.map(String).join(" ")).join("\n")}`,
    );
  }
});
