import { describe, expect, it } from "vitest";
import { judgeReputation } from "~/domain/sending";
import { describeSendingStatus } from "./sending-status";

const CLEAN = judgeReputation({ sent: 412, bounced: 1, complained: 0 });
const ACTIVE = { status: "ACTIVE" as const, pausedReason: null, pausedAt: null };

describe("the sending status for the merchant", () => {
  it("says nothing more while sending is active and the rates are low", () => {
    expect(describeSendingStatus(ACTIVE, CLEAN)).toEqual({
      status: "ACTIVE",
      pausedReason: null,
      pausedAt: null,
      isAutomatic: false,
      title: "Sending is active",
      explanation: null,
      warning: null,
    });
  });

  it("warns before pausing, with the numbers, the limits and what to do", () => {
    const complaints = describeSendingStatus(
      ACTIVE,
      judgeReputation({ sent: 1_500, bounced: 0, complained: 2 }),
    );
    expect(complaints.warning?.title).toBe("Spam complaints are rising");
    expect(complaints.warning?.explanation).toContain(
      "2 of your 1,500 recovery emails of the last 30 days (0.1%) were marked as spam",
    );
    expect(complaints.warning?.explanation).toContain(
      "pauses sending above 0.3% (with at least 3 complaints)",
    );
    const bounces = describeSendingStatus(ACTIVE, judgeReputation({ sent: 200, bounced: 6, complained: 0 }));
    expect(bounces.warning?.title).toBe("Many recovery emails are bouncing");
    expect(bounces.warning?.explanation).toContain("6 of your 200 recovery emails of the last 30 days (3%)");
  });

  it("explains an automatic pause with the numbers that caused it, that nothing is lost, and how to resume", () => {
    const complaints = describeSendingStatus(
      { status: "PAUSED", pausedReason: "COMPLAINT_RATE", pausedAt: "2026-11-20T09:00:00.000Z" },
      judgeReputation({ sent: 400, bounced: 0, complained: 3 }),
    );
    expect(complaints).toMatchObject({
      isAutomatic: true,
      title: "Sending was paused automatically: too many spam complaints",
      warning: null,
    });
    expect(complaints.explanation).toContain(
      "3 of your 400 recovery emails of the last 30 days (0.8%) were marked as spam",
    );
    expect(complaints.explanation).toContain("go on when you resume");
    expect(complaints.explanation).toContain("resume sending in Settings");
  });

  it("treats a pause without a stored reason as the merchant's", () => {
    expect(
      describeSendingStatus({ status: "PAUSED", pausedReason: null, pausedAt: null }, CLEAN),
    ).toMatchObject({
      isAutomatic: false,
      title: "Sending is paused",
      explanation: expect.stringContaining("Resume sending in Settings."),
    });
  });
});
