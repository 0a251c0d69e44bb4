import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  checkoutAbandonedPayload,
  checkoutRecoveredPayload,
  FLOW_TRIGGERS,
  MAX_FLOW_ATTEMPTS,
  nextFlowAttemptAt,
} from "./flow-triggers";

interface Field {
  type: string;
  key?: string;
  description?: string;
}

// As Shopify's CLI writes it: the extension in [[extensions]], its fields in a top-level [settings].
interface TriggerToml {
  api_version: string;
  extensions: Array<{ type: string; handle: string; name: string; description: string }>;
  settings: { fields: Field[] };
}

function triggerToml(folder: string) {
  const text = fs.readFileSync(path.join("extensions", folder, "shopify.extension.toml"), "utf8");
  const toml = parse(text) as unknown as TriggerToml;
  expect(toml.extensions).toHaveLength(1);
  return { apiVersion: toml.api_version, extension: toml.extensions[0]!, fields: toml.settings.fields };
}

/** The payload keys a trigger's fields call for: each typed field's key, customer_id for the reference. */
function payloadKeys(fields: Field[]) {
  return fields.map((field) => (field.type === "customer_reference" ? "customer_id" : field.key)).sort();
}

describe("Flow trigger extensions", () => {
  it.each([
    [
      "flow-checkout-abandoned",
      FLOW_TRIGGERS.CHECKOUT_ABANDONED,
      checkoutAbandonedPayload({ subtotalMinor: 12_345, currency: "USD", customerId: "7300000001" }),
    ],
    [
      "flow-checkout-recovered",
      FLOW_TRIGGERS.CHECKOUT_RECOVERED,
      checkoutRecoveredPayload({
        subtotalMinor: 12_345,
        orderTotalMinor: 11_000,
        currency: "USD",
        stepReached: 2,
        method: "DISCOUNT_CODE",
        customerId: "7300000001",
      }),
    ],
  ])("%s declares exactly the fields the app sends, with its handle", (folder, handle, payload) => {
    const { apiVersion, extension, fields } = triggerToml(folder);
    expect(apiVersion).toBe("2026-10");
    expect(extension.type).toBe("flow_trigger");
    expect(extension.handle).toBe(handle);
    expect(extension.name.length).toBeGreaterThan(0);
    expect(extension.description.length).toBeGreaterThan(0);
    expect(payloadKeys(fields)).toEqual(Object.keys(payload).sort());
    for (const field of fields) {
      const value = (payload as Record<string, unknown>)[field.key ?? "customer_id"];
      if (field.type.startsWith("number_")) expect(typeof value).toBe("number");
      if (field.type === "single_line_text_field") expect(typeof value).toBe("string");
    }
  });
});

describe("Flow payloads", () => {
  it("carries amounts as exact decimals in the currency's units", () => {
    expect(checkoutAbandonedPayload({ subtotalMinor: 19_999, currency: "USD", customerId: null })).toEqual({
      "Checkout value": 199.99,
      Currency: "USD",
    });
    expect(
      checkoutAbandonedPayload({ subtotalMinor: 5_000, currency: "JPY", customerId: null }),
    ).toMatchObject({
      "Checkout value": 5000,
    });
  });

  it("names the customer only by a numeric id, and leaves guests out", () => {
    expect(
      checkoutAbandonedPayload({ subtotalMinor: 100, currency: "USD", customerId: "42" }),
    ).toHaveProperty("customer_id", 42);
    for (const customerId of [null, "gid://shopify/Customer/1", "12a"])
      expect(
        checkoutAbandonedPayload({ subtotalMinor: 100, currency: "USD", customerId }),
      ).not.toHaveProperty("customer_id");
  });

  it("retries with growing delays, then gives up", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const delays = [];
    for (let attempts = 1; attempts < MAX_FLOW_ATTEMPTS; attempts++)
      delays.push((nextFlowAttemptAt(attempts, now)!.getTime() - now.getTime()) / 60_000);
    expect(delays).toEqual([1, 5, 30, 120, 720]);
    expect(nextFlowAttemptAt(MAX_FLOW_ATTEMPTS, now)).toBeNull();
  });
});
