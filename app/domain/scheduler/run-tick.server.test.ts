import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import { findJobHeartbeat, TICK_JOB } from "~/lib/job-heartbeat.server";
import { runTick, type TickTask } from "./run-tick.server";

const NOW = new Date("2026-12-04T10:00:00Z");
const dependencies = (now: Date) => ({
  now,
  adminFor: () => Promise.reject(new Error("no Admin API in this test")),
  mailer: {} as MessageChannel,
  appUrl: "https://cartback.test",
});

describe("runTick's heartbeat", () => {
  it("records the start before the tasks run and the finish with the counts after", async () => {
    let seenDuringTask: Awaited<ReturnType<typeof findJobHeartbeat>> = null;
    const task: TickTask = async () => {
      seenDuringTask = await findJobHeartbeat(TICK_JOB);
      return { SENT: 2 };
    };
    const failing: TickTask = () => Promise.reject(new Error("boom"));

    const report = await runTick(dependencies(NOW), [
      ["recovery", task],
      ["catalog", failing],
    ]);

    expect(seenDuringTask).toEqual({ lastStartedAt: NOW, lastFinishedAt: null, lastReport: null });
    const heartbeat = await findJobHeartbeat(TICK_JOB);
    expect(heartbeat?.lastStartedAt).toEqual(NOW);
    expect(heartbeat?.lastFinishedAt).toEqual(new Date(NOW.getTime() + report.durationMs));
    expect(heartbeat?.lastReport).toEqual({
      durationMs: report.durationMs,
      tasks: { recovery: { SENT: 2 } },
      failed: ["catalog"],
    });
  });

  it("keeps one row, moved on by each tick; a tick under way keeps the previous finish", async () => {
    await runTick(dependencies(NOW), []);
    const later = new Date(NOW.getTime() + 60_000);
    let finishedDuringTask: Date | null | undefined;
    await runTick(dependencies(later), [
      [
        "probe",
        async () => {
          finishedDuringTask = (await findJobHeartbeat(TICK_JOB))?.lastFinishedAt;
          return {};
        },
      ],
    ]);
    expect(finishedDuringTask?.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
    expect(finishedDuringTask?.getTime()).toBeLessThan(later.getTime());
    expect(await prisma.jobHeartbeat.count()).toBe(1);
    expect((await findJobHeartbeat(TICK_JOB))?.lastStartedAt).toEqual(later);
  });
});
