import { describe, expect, it } from "vitest";
import { formatShopTime, maskEmailForList } from "./checkout-format";
import { decodeCursor, encodeCursor, parseCheckoutListParams } from "./checkout-list-query";

const parse = (query: string) => parseCheckoutListParams(new URLSearchParams(query));

describe("the checkout list's URL", () => {
  it("defaults to every checkout, newest activity first, first page", () => {
    expect(parse("")).toEqual({
      status: "all",
      sort: "activity-desc",
      q: "",
      cursor: null,
      direction: "after",
    });
  });

  it("falls back to the defaults for values it does not know instead of failing the page", () => {
    expect(parse("status=archived&sort=name&after=nonsense")).toEqual(parse(""));
  });

  it("reads a filter, a trimmed search and a cursor of the chosen sort", () => {
    const cursor = encodeCursor({ value: "2026-11-20T12:00:00.000Z", id: "ck1" });
    expect(parse(`status=skipped&q=%20Jane%20&after=${encodeURIComponent(cursor)}`)).toEqual({
      status: "skipped",
      sort: "activity-desc",
      q: "Jane",
      cursor: { value: "2026-11-20T12:00:00.000Z", id: "ck1" },
      direction: "after",
    });
    expect(parse("sort=value-asc&before=12500~ck2")).toMatchObject({
      cursor: { value: 12_500, id: "ck2" },
      direction: "before",
    });
  });

  it("prefers going back when a URL carries both cursors", () => {
    expect(parse("after=2026-11-20T12:00:00.000Z~a&before=2026-11-19T12:00:00.000Z~b")).toMatchObject({
      cursor: { id: "b" },
      direction: "before",
    });
  });

  it("accepts a cursor only for its own sort, with an id that can be one", () => {
    expect(decodeCursor("2026-11-20T12:00:00.000Z~ck1", "value-desc")).toBeNull();
    expect(decodeCursor("12500~ck1", "activity-asc")).toBeNull();
    expect(decodeCursor("2026-13-45T99:00:00.000Z~ck1", "activity-asc")).toBeNull();
    expect(decodeCursor("12500~ck 1", "value-asc")).toBeNull();
    expect(decodeCursor("1.5~ck1", "value-asc")).toBeNull();
  });

  it("caps a search at the length of the longest email address", () => {
    expect(parse(`q=${"a".repeat(300)}`).q).toHaveLength(254);
  });
});

describe("how the checkout pages write addresses and times", () => {
  it("masks an address to its first character and its domain", () => {
    expect(maskEmailForList("jane.doe@example.com")).toBe("j***@example.com");
    expect(maskEmailForList("😀x@example.com")).toBe("😀***@example.com");
    expect(maskEmailForList("not-an-address")).toBe("***");
  });

  it("writes an instant in the shop's zone, and in UTC when the zone is unknown", () => {
    const instant = new Date("2026-07-01T12:00:00Z");
    expect(formatShopTime(instant, "America/Los_Angeles")).toBe("Jul 1, 2026, 5:00 AM PDT");
    expect(formatShopTime(instant, "Mars/Olympus_Mons")).toBe("Jul 1, 2026, 12:00 PM UTC");
  });
});
