import crypto from "node:crypto";

/** A number in [0, 1) fixed by the inputs: the same checkout always draws the same value. */
export function deterministicDraw(...parts: string[]): number {
  const digest = crypto.createHash("sha256").update(parts.join("\u0000")).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** TREATMENT or HOLDOUT for a checkout, drawn once at enrolment; holdoutPercent of checkouts are held out. */
export function drawArm(shop: string, checkoutId: string, holdoutPercent: number): "TREATMENT" | "HOLDOUT" {
  return deterministicDraw("arm", shop, checkoutId) * 100 < holdoutPercent ? "HOLDOUT" : "TREATMENT";
}
