import { Writable } from "node:stream";
import { vi } from "vitest";
import { createLogger, logger } from "~/lib/logger.server";

/**
 * Every line logged through a child of the app's logger (the webhook pipeline's, the tick's) while `work` runs,
 * as JSON text, at info and above. Tests run with LOG_LEVEL silent, so nothing is captured otherwise.
 */
export async function captureLogs(work: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const capturing = createLogger({ level: "info", destination });
  const child = vi.spyOn(logger, "child").mockImplementation((bindings) => capturing.child(bindings));
  try {
    await work();
  } finally {
    child.mockRestore();
  }
  return lines;
}
