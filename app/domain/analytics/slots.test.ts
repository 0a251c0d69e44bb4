import { describe, expect, it } from "vitest";
import { startOfLocalDay } from "./period";
import { slotRangesOf } from "./slots";

const at = (iso: string) => new Date(iso);
const quarter = (iso: string) => Date.parse(iso) / 900_000;
const day = (iso: string) => Date.parse(iso) / 86_400_000;

describe("slotRangesOf", () => {
  it("reads whole UTC days as days and the ends as quarter-hours", () => {
    // The New York shop's 1 to 3 March: 05:00 UTC to 05:00 UTC.
    const period = {
      from: startOfLocalDay("2026-03-01", "America/New_York"),
      to: startOfLocalDay("2026-03-04", "America/New_York"),
    };
    expect(slotRangesOf(period)).toEqual([
      { grain: 900, from: quarter("2026-03-01T05:00:00Z"), to: quarter("2026-03-02T00:00:00Z") },
      { grain: 86_400, from: day("2026-03-02T00:00:00Z"), to: day("2026-03-04T00:00:00Z") },
      { grain: 900, from: quarter("2026-03-04T00:00:00Z"), to: quarter("2026-03-04T05:00:00Z") },
    ]);
  });

  it("needs no quarter-hours for whole UTC days, and no days for less than one", () => {
    expect(slotRangesOf({ from: at("2026-03-01T00:00:00Z"), to: at("2026-03-31T00:00:00Z") })).toEqual([
      { grain: 86_400, from: day("2026-03-01T00:00:00Z"), to: day("2026-03-31T00:00:00Z") },
    ]);
    expect(slotRangesOf({ from: at("2026-03-01T05:45:00Z"), to: at("2026-03-02T05:45:00Z") })).toEqual([
      { grain: 900, from: quarter("2026-03-01T05:45:00Z"), to: quarter("2026-03-02T05:45:00Z") },
    ]);
  });

  it("covers a Kathmandu day (UTC+5:45) exactly", () => {
    const period = {
      from: startOfLocalDay("2026-03-01", "Asia/Kathmandu"),
      to: startOfLocalDay("2026-03-02", "Asia/Kathmandu"),
    };
    expect(slotRangesOf(period)).toEqual([
      { grain: 900, from: quarter("2026-02-28T18:15:00Z"), to: quarter("2026-03-01T18:15:00Z") },
    ]);
  });

  it("declines a period that does not start and end on a quarter-hour", () => {
    expect(slotRangesOf({ from: at("2026-03-01T00:10:00Z"), to: at("2026-03-02T00:00:00Z") })).toBeNull();
    expect(slotRangesOf({ from: at("2026-03-01T00:00:00Z"), to: at("2026-03-02T00:00:01Z") })).toBeNull();
  });
});
