import { prisma } from "~/db.server";
import type { ContentVariant } from "~/domain/messages";
import { experimentKeyOf } from "~/domain/sequences";
import { getShopSettings, saveShopSettings, type ExperimentRule, type ShopSettings } from "~/domain/shops";
import { seedEnrollments, type EnrollmentSeed } from "./recovery-seed";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Gives email 1 of the shop's "Everyone else" sequence variants B (and C) and the experiment rule, and returns
 * the experiment's key as the engine computes it.
 */
export async function startEmailOneExperiment(
  shop: string,
  {
    subjects = ["Still thinking it over?"],
    rule = {},
  }: { subjects?: string[]; rule?: Partial<ExperimentRule> } = {},
): Promise<string> {
  const settings = await getShopSettings(shop);
  const [first, ...rest] = settings.steps;
  if (!first) throw new Error("the shop has no step");
  const step = { ...first, variants: subjects.map((subject) => ({ ...first, subject })) };
  const next: ShopSettings = {
    ...settings,
    steps: [step, ...rest],
    experiments: { ...settings.experiments, ...rule },
  };
  await saveShopSettings(shop, next);
  const key = experimentKeyOf("default", 1, step);
  if (!key) throw new Error("no experiment");
  return key;
}

/**
 * `sends` checkouts that got email 1 as `variant` of the experiment, the first `recoveries` of them recovered by
 * email (an order of `orderMinor` an hour after the email) and the first `clicks` clicked.
 */
export async function seedVariantSends(
  shop: string,
  experimentKey: string | null,
  variant: ContentVariant,
  {
    sends,
    recoveries = 0,
    clicks = 0,
    orderMinor = 8_000,
    at = new Date("2026-03-10T12:00:00Z"),
  }: { sends: number; recoveries?: number; clicks?: number; orderMinor?: number; at?: Date },
) {
  const seeds = Array.from({ length: sends }, (_, index): EnrollmentSeed => {
    const anchorAt = new Date(at.getTime() + index * 60_000);
    const sentAt = new Date(anchorAt.getTime() + HOUR_MS);
    return {
      status: index < recoveries ? "STOPPED" : "COMPLETED",
      segmentId: "default",
      anchorAt,
      sends: [
        {
          step: 1,
          sentAt,
          subjectVariant: variant,
          experimentKey,
          clickedAt: index < clicks ? new Date(sentAt.getTime() + 60_000) : null,
        },
      ],
      recovered:
        index < recoveries
          ? { at: new Date(sentAt.getTime() + HOUR_MS), byEmail: true, minor: orderMinor }
          : undefined,
    };
  });
  return seedEnrollments(shop, seeds);
}

export const decisionsOf = (shop: string) =>
  prisma.experimentDecision.findMany({ where: { shop }, orderBy: { decidedAt: "asc" } });
