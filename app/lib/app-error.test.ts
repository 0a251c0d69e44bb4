import { describe, expect, it } from "vitest";
import { AppError, appErrorResponse, isAppError } from "./app-error";

describe("isAppError", () => {
  it("recognises an AppError made by another copy of this module (the server's entry is bundled apart)", async () => {
    const another = "./app-error?copy";
    const copy = (await import(/* @vite-ignore */ another)) as { AppError: typeof AppError };
    const cut = new copy.AppError("PAYLOAD_TOO_LARGE", "body exceeds 1048576 bytes");
    expect(cut instanceof AppError).toBe(false);
    expect(isAppError(cut)).toBe(true);
    expect(appErrorResponse(cut).status).toBe(413);
  });

  it("recognises nothing else", () => {
    expect(isAppError(new Error("boom"))).toBe(false);
    expect(isAppError(Object.assign(new Error("x"), { name: "AppError", code: "NOT_A_CODE" }))).toBe(false);
    expect(isAppError({ name: "AppError", code: "NOT_FOUND" })).toBe(false);
  });
});
