import { describe, expect, it } from "vitest";
import { judgeReputation } from "./sender-reputation";

describe("judging a shop's sender reputation", () => {
  it("never pauses a small shop for one complaint, nor for a handful of bounces", () => {
    expect(judgeReputation({ sent: 50, bounced: 0, complained: 1 }).level).toBe("OK");
    expect(judgeReputation({ sent: 50, bounced: 3, complained: 0 }).level).toBe("OK");
    expect(judgeReputation({ sent: 1, bounced: 0, complained: 1 }).level).toBe("OK");
  });

  it("warns before it pauses, and pauses past Gmail's 0.3% with at least three complaints", () => {
    expect(judgeReputation({ sent: 1_500, bounced: 0, complained: 2 })).toMatchObject({
      level: "WARNING",
      reason: "COMPLAINT_RATE",
    });
    expect(judgeReputation({ sent: 900, bounced: 0, complained: 3 })).toMatchObject({
      level: "PAUSE",
      reason: "COMPLAINT_RATE",
    });
    // Three complaints in 1,000 emails is 0.3%, not above it.
    expect(judgeReputation({ sent: 1_000, bounced: 0, complained: 3 })).toMatchObject({ level: "WARNING" });
    expect(judgeReputation({ sent: 5_000, bounced: 0, complained: 3 }).level).toBe("OK");
  });

  it("pauses past 5% bounces with at least ten, warns past 2% with at least five", () => {
    expect(judgeReputation({ sent: 150, bounced: 10, complained: 0 })).toMatchObject({
      level: "PAUSE",
      reason: "BOUNCE_RATE",
    });
    expect(judgeReputation({ sent: 200, bounced: 6, complained: 0 })).toMatchObject({
      level: "WARNING",
      reason: "BOUNCE_RATE",
    });
    expect(judgeReputation({ sent: 100, bounced: 4, complained: 0 }).level).toBe("OK");
  });

  it("names complaints first when both are over, and a pause over a warning", () => {
    expect(judgeReputation({ sent: 200, bounced: 20, complained: 3 })).toMatchObject({
      level: "PAUSE",
      reason: "COMPLAINT_RATE",
    });
    expect(judgeReputation({ sent: 200, bounced: 20, complained: 2 })).toMatchObject({
      level: "PAUSE",
      reason: "BOUNCE_RATE",
    });
  });
});
