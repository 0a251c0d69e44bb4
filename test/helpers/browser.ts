import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (or CHROMIUM_PATH), when this machine has one. */
export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find(
    (candidate): candidate is string => !!candidate && fs.existsSync(candidate),
  );
}

/**
 * Headless Chromium as this machine allows it: no sandbox (root), and nothing that reaches for Google's
 * services, which this machine's closed network refuses.
 */
export function launchBrowser(executablePath = chromiumPath() ?? "/usr/bin/chromium"): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
