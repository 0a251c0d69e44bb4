import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { computeWebhookHmac, isValidWebhookHmac, parseJsonExact, readBodyWithLimit } from "./webhooks.server";

describe("webhook primitives", () => {
  it("computes Shopify's base64 HMAC-SHA256 of the raw bytes", () => {
    // Reference value: echo -n '{"a":1}' | openssl dgst -sha256 -hmac secret -binary | base64
    expect(computeWebhookHmac('{"a":1}', "secret")).toBe("qp4uNXX11wmLbKzNeQiIw21f22M0KnO62i1qUXR6hJQ=");
  });

  it("accepts only the exact signature, comparing in constant time", () => {
    const body = Buffer.from('{"a":1}');
    const good = computeWebhookHmac(body, "secret");
    expect(isValidWebhookHmac(body, good, "secret")).toBe(true);
    expect(isValidWebhookHmac(Buffer.from('{"a":2}'), good, "secret")).toBe(false);
    expect(isValidWebhookHmac(body, null, "secret")).toBe(false);
    expect(isValidWebhookHmac(body, "short", "secret")).toBe(false);
  });

  it("keeps integers above 2^53 exact and leaves everything else alone", () => {
    const parsed = parseJsonExact(
      '{"id":820982911946154508,"small":42,"price":"199.00","rate":0.06,"neg":-9007199254740993}',
    );
    expect(parsed).toEqual({
      id: "820982911946154508",
      small: 42,
      price: "199.00",
      rate: 0.06,
      neg: "-9007199254740993",
    });
  });

  it("throws a 400 AppError for a body that is not JSON", () => {
    expect(() => parseJsonExact("{nope")).toThrow(AppError);
    try {
      parseJsonExact("");
    } catch (error) {
      expect((error as AppError).status).toBe(400);
    }
  });

  it("refuses a streamed body over the limit even without a Content-Length", async () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(300));
        controller.close();
      },
    });
    const request = new Request("http://localhost/", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect(readBodyWithLimit(request, 1000)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
