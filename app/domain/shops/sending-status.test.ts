import { describe, expect, it } from "vitest";
import { describeSendingStatus } from "./sending-status";

const LIMITS = { maxBounceRate: 0.05, maxComplaintRate: 0.003, window: 200 };

describe("the sending status for the merchant", () => {
  it("says nothing more while sending is active", () => {
    expect(describeSendingStatus({ status: "ACTIVE", pausedReason: null, pausedAt: null }, LIMITS)).toEqual({
      status: "ACTIVE",
      pausedReason: null,
      pausedAt: null,
      isAutomatic: false,
      title: "Sending is active",
      explanation: null,
    });
  });

  it("explains an automatic pause with the limit that was crossed and how to resume", () => {
    const complaints = describeSendingStatus(
      { status: "PAUSED", pausedReason: "COMPLAINT_RATE", pausedAt: "2026-11-20T09:00:00.000Z" },
      LIMITS,
    );
    expect(complaints).toMatchObject({
      isAutomatic: true,
      title: "Sending was paused automatically: too many spam complaints",
    });
    expect(complaints.explanation).toContain(
      "More than 0.3% of your last 200 recovery emails were marked as spam",
    );
    expect(complaints.explanation).toContain("resume sending in Settings");
  });

  it("treats a pause without a stored reason as the merchant's", () => {
    expect(
      describeSendingStatus({ status: "PAUSED", pausedReason: null, pausedAt: null }, LIMITS),
    ).toMatchObject({
      isAutomatic: false,
      title: "Sending is paused",
      explanation: expect.stringContaining("Resume sending in Settings."),
    });
  });
});
