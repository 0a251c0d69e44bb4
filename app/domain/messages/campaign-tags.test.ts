import { describe, expect, it } from "vitest";
import { withUtm } from "./campaign-tags";

describe("withUtm", () => {
  it("tags the checkout link with the channel and step", () => {
    const url = new URL(withUtm("https://shop.example/checkouts/c1?key=k", { channel: "email", step: 2 }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      key: "k",
      utm_source: "cartback",
      utm_medium: "email",
      utm_campaign: "abandoned-checkout",
      utm_content: "step-2",
    });
  });

  it("names where in the message a recommended product's link sat", () => {
    const url = new URL(
      withUtm("https://shop.example/products/mug", {
        channel: "email",
        step: 3,
        placement: "recommendation",
      }),
    );
    expect(url.searchParams.get("utm_content")).toBe("step-3-recommendation");
  });

  it("replaces tags the link already had instead of doubling them", () => {
    const url = new URL(
      withUtm("https://shop.example/?utm_source=other&utm_content=x", { channel: "email", step: 1 }),
    );
    expect(url.searchParams.getAll("utm_source")).toEqual(["cartback"]);
    expect(url.searchParams.getAll("utm_content")).toEqual(["step-1"]);
  });
});
