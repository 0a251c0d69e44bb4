import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The rules that keep the code's shape (eslint.config.js), tried on code that breaks them: a rule that stops
 * firing, or stops covering a folder, fails here rather than quietly letting the next change through.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("lint rules", () => {
  const readsTheClock = [
    "export const a = () => new Date();",
    "export const b = () => Date.now();",
    "export const c = () => performance.now();",
    "export const d = () => Date();",
  ].join("\n");

  it("refuse reading the machine's clock in app and server code", async () => {
    for (const file of ["app/domain/sequences/probe.server.ts", "app/routes/probe.tsx", "server/probe.ts"]) {
      expect(await rulesBroken(file, readsTheClock), file).toEqual([
        "no-restricted-syntax",
        "no-restricted-properties",
        "no-restricted-properties",
        "no-restricted-syntax",
      ]);
    }
  });

  it("allow it in the clock module and in tests, and allow dates made from a value anywhere", async () => {
    expect(await rulesBroken("app/lib/clock.server.ts", readsTheClock)).toEqual([]);
    expect(await rulesBroken("app/domain/sequences/probe.server.test.ts", readsTheClock)).toEqual([]);
    expect(
      await rulesBroken(
        "app/domain/probe.ts",
        "export const e = (iso: string) => new Date(iso).getTime();\n",
      ),
    ).toEqual([]);
  });
});
