import { describe, expect, it } from "vitest";
import { AppError } from "~/lib/app-error";
import { applyOfferToUrl } from "./apply-offer-to-url";

const RECOVERY =
  "https://shop-a.myshopify.com/73849382/checkouts/ac/Z2NwLXVzLWVhc3QxOjAx/recover?key=4b7ad3c9e1f0&locale=en-US";

describe("applyOfferToUrl", () => {
  it("adds one code to the recovery URL, keeping its key and locale", () => {
    const url = new URL(applyOfferToUrl(RECOVERY, ["CB-7KQ2MXPA"]));

    expect(url.origin).toBe("https://shop-a.myshopify.com");
    expect(url.pathname).toBe("/73849382/checkouts/ac/Z2NwLXVzLWVhc3QxOjAx/recover");
    expect(url.searchParams.get("key")).toBe("4b7ad3c9e1f0");
    expect(url.searchParams.get("locale")).toBe("en-US");
    expect(url.searchParams.get("discount")).toBe("CB-7KQ2MXPA");
  });

  it("applies two codes at once as one comma-separated discount parameter, in order", () => {
    expect(applyOfferToUrl(RECOVERY, ["CB-7KQ2MXPA", "CB-7KQ2MXPA-SHIP"])).toBe(
      `${RECOVERY}&discount=CB-7KQ2MXPA,CB-7KQ2MXPA-SHIP`,
    );
  });

  it("puts the percentage code first, so a checkout that applies only the first code applies it", () => {
    expect(applyOfferToUrl(RECOVERY, ["CB-7KQ2MXPA-SHIP", "CB-7KQ2MXPA"])).toBe(
      `${RECOVERY}&discount=CB-7KQ2MXPA,CB-7KQ2MXPA-SHIP`,
    );
    expect(applyOfferToUrl(RECOVERY, ["CB-7KQ2MXPA-SHIP"])).toBe(`${RECOVERY}&discount=CB-7KQ2MXPA-SHIP`);
  });

  it("replaces a discount the URL already had and does not repeat a code", () => {
    const url = applyOfferToUrl(`${RECOVERY}&discount=OLD10`, ["CB-7KQ2MXPA", "CB-7KQ2MXPA"]);
    expect(new URL(url).searchParams.getAll("discount")).toEqual(["CB-7KQ2MXPA"]);
  });

  it("returns the recovery URL itself when there is no code", () => {
    expect(applyOfferToUrl(RECOVERY, [])).toBe(RECOVERY);
  });

  it("never points elsewhere: redirect parameters and fragments are dropped", () => {
    const url = new URL(
      applyOfferToUrl(
        `${RECOVERY}&redirect=https://evil.example/&return_to=//evil.example#https://evil.example`,
        ["CB-7KQ2MXPA"],
      ),
    );

    expect(url.host).toBe("shop-a.myshopify.com");
    expect([...url.searchParams.keys()]).toEqual(["key", "locale", "discount"]);
    expect(url.hash).toBe("");
  });

  it("rejects a recovery URL that is not plain https on the shop's own host", () => {
    for (const bad of [
      "http://shop-a.myshopify.com/1/checkouts/ac/t/recover?key=k",
      "javascript:alert(1)",
      "https://evil.example@shop-a.myshopify.com/1/checkouts/ac/t/recover?key=k",
      "https://shop-a.myshopify.com:8443/1/checkouts/ac/t/recover?key=k",
      "/1/checkouts/ac/t/recover?key=k",
      "not a url",
    ]) {
      expect(() => applyOfferToUrl(bad, ["CB-7KQ2MXPA"]), bad).toThrow(AppError);
    }
  });

  it("rejects a code that could add a parameter or change the target", () => {
    for (const code of ["CB-1&redirect=https://evil.example", "CB/../x", "CB 1", "cb-lower", ""]) {
      expect(() => applyOfferToUrl(RECOVERY, [code]), code).toThrow(AppError);
    }
  });
});
