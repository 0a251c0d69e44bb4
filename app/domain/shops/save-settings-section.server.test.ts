import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { saveSettingsSection } from "./save-settings-section.server";
import { ShopSettingsSchema } from "./settings";
import { FIELD, sectionFields, toSettingsForm } from "./settings-form";
import { getShopSettings } from "./shop-settings.server";

const NOW = new Date("2026-11-21T10:00:00Z");

function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const stored = async () =>
  ShopSettingsSchema.parse(
    JSON.parse((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP_A } })).data),
  );

describe("saveSettingsSection", () => {
  it("merges into a change that landed between its read and its write instead of undoing it", async () => {
    await installTestShop(SHOP_A);
    const form = toSettingsForm(await getShopSettings(SHOP_A), "USD");
    form.sender.displayName = "Shop A";
    const read = prisma.shopSettings.findUniqueOrThrow.bind(prisma.shopSettings);
    let interleaved = false;
    // Right after the first read, another request (an automatic pause) writes the document.
    const spy = vi.spyOn(prisma.shopSettings, "findUniqueOrThrow").mockImplementation((async (
      args: Parameters<typeof read>[0],
    ) => {
      const row = await read(args);
      if (!interleaved) {
        interleaved = true;
        const current = ShopSettingsSchema.parse(JSON.parse(row.data));
        await prisma.shopSettings.update({
          where: { shop: SHOP_A },
          data: {
            data: JSON.stringify({
              ...current,
              sending: { status: "PAUSED", pausedReason: "BOUNCE_RATE", pausedAt: NOW.toISOString() },
            }),
          },
        });
      }
      return row;
    }) as never);

    const result = await saveSettingsSection(SHOP_A, formData(sectionFields("sender", form)), { now: NOW });
    spy.mockRestore();

    expect(interleaved).toBe(true);
    expect(result).toMatchObject({ section: "sender", ok: true });
    expect(await stored()).toMatchObject({
      sender: { displayName: "Shop A" },
      sending: { status: "PAUSED", pausedReason: "BOUNCE_RATE" },
    });
  });

  it("keeps both sections when two are saved at once, as the save bar does", async () => {
    await installTestShop(SHOP_A);
    const form = toSettingsForm(await getShopSettings(SHOP_A), "USD");
    form.sender.displayName = "Shop A";
    form.measurement.holdoutPercent = "10";
    form.tiers.codeLifetimeHours = "24";

    const results = await Promise.all(
      (["sender", "measurement", "tiers"] as const).map((section) =>
        saveSettingsSection(SHOP_A, formData(sectionFields(section, form)), { now: NOW }),
      ),
    );

    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(await stored()).toMatchObject({
      sender: { displayName: "Shop A" },
      holdoutPercent: 10,
      codeLifetimeHours: 24,
    });
  });

  it("writes nothing when the section is unchanged", async () => {
    await installTestShop(SHOP_A);
    const before = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP_A } });
    const form = toSettingsForm(await getShopSettings(SHOP_A), "USD");

    const result = await saveSettingsSection(SHOP_A, formData(sectionFields("audience", form)), { now: NOW });

    expect(result.ok).toBe(true);
    const after = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP_A } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("refuses an unknown shop and an unknown section", async () => {
    await expect(
      saveSettingsSection("nobody.myshopify.com", formData([["intent", "sender"]]), { now: NOW }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await installTestShop(SHOP_A);
    await expect(
      saveSettingsSection(SHOP_A, formData([[FIELD.holdoutPercent, "5"]]), { now: NOW }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
