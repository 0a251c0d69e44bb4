import { describe, expect, it } from "vitest";
import { loader } from "./favicon[.]ico";

describe("GET /favicon.ico", () => {
  it("sends the browser to the app's icon, so the request never reaches Remix's 404 (and its logged stack)", () => {
    const response = loader();
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("/favicon.svg");
  });
});
