import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, maskEmail, sanitizeLogValue } from "./logger.server";

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger", () => {
  it("masks email addresses enough to tell them apart but not to read them", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@e***.com");
    expect(maskEmail("sent to jane@shop.co.uk and bob@x.io")).toBe("sent to j***@s***.uk and b***@x***.io");
  });

  it("removes secrets, redacts names and masks emails in structured fields, at any depth", () => {
    expect(
      sanitizeLogValue({
        shop: "a.myshopify.com",
        accessToken: "shpat_123",
        headers: { Authorization: "Bearer abc" },
        customer: { firstName: "Jane", last_name: "Doe", email: "jane@example.com", phone: "+1 555" },
        list: ["bob@example.com"],
      }),
    ).toEqual({
      shop: "a.myshopify.com",
      accessToken: "[secret]",
      headers: { Authorization: "[secret]" },
      customer: {
        firstName: "[redacted]",
        last_name: "[redacted]",
        email: "j***@e***.com",
        phone: "[redacted]",
      },
      list: ["b***@e***.com"],
    });
  });

  it("writes JSON lines with no email, name or token in them", () => {
    const { logger, lines } = captureLogger();
    const child = logger.child({ shop: "a.myshopify.com", checkoutId: "c1" });
    child.info(
      { to: "jane@example.com", firstName: "Jane", accessToken: "shpat_1" },
      "email queued for jane@example.com",
    );
    child.error({ err: new Error("bounce from jane@example.com") }, "send failed");

    const output = lines.join("");
    expect(output).not.toMatch(/jane@example\.com|"Jane"|shpat_1/);
    const first = JSON.parse(lines[0] as string);
    expect(first).toMatchObject({
      level: "info",
      shop: "a.myshopify.com",
      checkoutId: "c1",
      msg: "email queued for j***@e***.com",
    });
    expect(JSON.parse(lines[1] as string).err.message).toBe("bounce from j***@e***.com");
  });
});
