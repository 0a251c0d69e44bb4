import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedVariantSends, startEmailOneExperiment } from "../../test/helpers/experiments";
import { callAction } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { action } from "./app.experiments";

const post = async (fields: Array<[string, string]>, request = adminRequest) =>
  callAction(
    action,
    await request("/app/experiments", {
      shop: SHOP_A,
      init: { method: "POST", body: new URLSearchParams(fields) },
    }),
  );

describe("POST /app/experiments", () => {
  it("promotes a variant, undoes the decision, and says why it refuses a request", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A);
    await seedVariantSends(SHOP_A, key, "B", { sends: 2 });

    for (const fields of [
      [],
      [
        ["intent", "promote"],
        ["experimentKey", key],
      ],
      [["intent", "delete"]],
    ] as Array<Array<[string, string]>>) {
      const refused = await post(fields);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        ok: false,
        reason: "Say whether to promote a variant (which experiment and variant) or undo a decision.",
      });
    }

    const promoted = await post([
      ["intent", "promote"],
      ["experimentKey", key],
      ["variant", "B"],
    ]);
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toEqual({
      ok: true,
      message: "Variant B now goes to every checkout at email 1 of Everyone else.",
    });
    const decision = await prisma.experimentDecision.findFirstOrThrow({ where: { shop: SHOP_A } });

    // The page was loaded before the merchant edited the variant: the experiment it shows is gone.
    await startEmailOneExperiment(SHOP_A, { subjects: ["An edited subject"] });
    const stale = await post([
      ["intent", "promote"],
      ["experimentKey", key],
      ["variant", "A"],
    ]);
    expect(stale.status).toBe(409);
    expect((await stale.json()).reason).toMatch(/^This experiment is no longer running: its emails changed/);

    const undone = await post([
      ["intent", "undo"],
      ["decisionId", decision.id],
    ]);
    expect(undone.status).toBe(200);
    expect(
      (await prisma.experimentDecision.findUniqueOrThrow({ where: { id: decision.id } })).reversedAt,
    ).not.toBeNull();
    const again = await post([
      ["intent", "undo"],
      ["decisionId", decision.id],
    ]);
    expect(again.status).toBe(409);
    const missing = await post([
      ["intent", "undo"],
      ["decisionId", "no-such-decision"],
    ]);
    expect(missing.status).toBe(404);
  });

  it("refuses a request without a valid session and changes nothing", async () => {
    await installTestShop(SHOP_A);
    const key = await startEmailOneExperiment(SHOP_A);
    await seedVariantSends(SHOP_A, key, "B", { sends: 2 });
    const forged = await post(
      [
        ["intent", "promote"],
        ["experimentKey", key],
        ["variant", "B"],
      ],
      forgedAdminRequest,
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await prisma.experimentDecision.count()).toBe(0);
  });
});
