import { hashEmail } from "~/lib/encryption.server";
import { productFacts, storeProducts } from "../helpers/catalog";
import { checkoutLine, seedCheckouts, type CheckoutRowSeed } from "../helpers/checkouts";
import { seedDiscountCode, seedEnrollments, type EnrollmentSeed } from "../helpers/recovery-seed";

/**
 * The store the browser tests look at: a month of recovery in a small clothing shop, dated back from now so
 * the dashboard's default period shows it. Each day d (1..20 days ago) has one checkout that was emailed and
 * one that was skipped (the shopper had not subscribed); five more were held out. Every third emailed
 * shopper clicked, every fourth ordered through the email. The figures the tests expect are derived here,
 * from the same table, so the tests read what the dashboard must show, not how it computes it.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const NAMES = ["Ava", "Noah", "Mia", "Liam", "Zoe", "Omar", "Lena", "Kai", "Ines", "Theo"];
const PRODUCTS = [
  { productId: "101", title: "Linen shirt", productType: "Shirts", priceMinMinor: 4_500 },
  { productId: "102", title: "Oxford shirt", productType: "Shirts", priceMinMinor: 5_200 },
  { productId: "103", title: "Chino trousers", productType: "Trousers", priceMinMinor: 6_800 },
  { productId: "104", title: "Wool overcoat", productType: "Coats", priceMinMinor: 18_900 },
  { productId: "105", title: "Leather belt", productType: "Accessories", priceMinMinor: 3_500 },
  { productId: "106", title: "Cotton socks", productType: "Accessories", priceMinMinor: 1_200 },
];

export const EMAILED_DAYS = 20;
export const HELD_OUT = 5;

export interface AdminSeed {
  expected: {
    abandoned: number;
    emailsSent: number;
    clicked: number;
    recoveredByEmail: number;
    recoveredRevenueMinor: number;
  };
  /** The emailed shopper the checkout tests look for: recovered by email, with a known address and name. */
  shopper: { email: string; firstName: string; checkoutId: string; productTitle: string };
}

function cartOf(day: number) {
  const first = PRODUCTS[day % PRODUCTS.length]!;
  const second = PRODUCTS[(day + 2) % PRODUCTS.length]!;
  const lines = [first, ...(day % 2 === 0 ? [second] : [])].map((product) =>
    checkoutLine({
      productId: product.productId,
      variantId: `${product.productId}0`,
      title: product.title,
      variantTitle: "M",
      unitPriceMinor: product.priceMinMinor,
      linePriceMinor: product.priceMinMinor,
      imageUrl: null,
    }),
  );
  return { lines, subtotalMinor: lines.reduce((sum, line) => sum + line.linePriceMinor, 0) };
}

export async function seedAdminShop(shop: string, now = new Date()): Promise<AdminSeed> {
  await storeProducts(
    shop,
    PRODUCTS.map((product) =>
      productFacts({ ...product, priceMaxMinor: product.priceMinMinor, imageUrl: null }),
    ),
  );

  const checkoutSeeds: CheckoutRowSeed[] = [];
  const expected = { abandoned: 0, emailsSent: 0, clicked: 0, recoveredByEmail: 0, recoveredRevenueMinor: 0 };
  const pending: Array<{ index: number; seed: Omit<EnrollmentSeed, "checkoutId" | "emailHash"> }> = [];
  const emailOf = (kind: string, day: number) => `${kind}${day}@shopper.example`;

  for (let day = 1; day <= EMAILED_DAYS; day++) {
    const anchorAt = new Date(now.getTime() - day * DAY_MS - 3 * HOUR_MS);
    const { lines, subtotalMinor } = cartOf(day);
    const sentAt = new Date(anchorAt.getTime() + HOUR_MS);
    const clicked = day % 3 === 0;
    const recovered = day % 4 === 0;
    checkoutSeeds.push({
      email: emailOf("emailed", day),
      firstName: NAMES[day % NAMES.length]!,
      updatedAt: anchorAt,
      lines,
      subtotalMinor,
      locale: "en",
      acceptsMarketing: true,
      ...(recovered ? { orderedAt: new Date(anchorAt.getTime() + DAY_MS), orderId: `55500${day}` } : {}),
    });
    pending.push({
      index: checkoutSeeds.length - 1,
      seed: {
        status: recovered ? "STOPPED" : "ACTIVE",
        reason: recovered ? "ORDERED" : null,
        anchorAt,
        nextStep: recovered ? null : 2,
        dueAt: recovered ? null : new Date(anchorAt.getTime() + 24 * HOUR_MS),
        sends: [
          {
            step: 1,
            sentAt,
            subject: "You left something in your cart",
            subjectVariant: "A",
            clickedAt: clicked || recovered ? new Date(sentAt.getTime() + HOUR_MS) : null,
            hasOffer: false,
          },
        ],
        ...(recovered
          ? {
              recovered: {
                at: new Date(anchorAt.getTime() + DAY_MS),
                byEmail: true,
                method: "CHECKOUT_TOKEN" as const,
                minor: subtotalMinor,
                orderId: `55500${day}`,
              },
            }
          : {}),
      },
    });
    expected.abandoned += 1;
    expected.emailsSent += 1;
    if (clicked || recovered) expected.clicked += 1;
    if (recovered) {
      expected.recoveredByEmail += 1;
      expected.recoveredRevenueMinor += subtotalMinor;
    }

    checkoutSeeds.push({
      email: emailOf("skipped", day),
      firstName: NAMES[(day + 5) % NAMES.length]!,
      updatedAt: new Date(anchorAt.getTime() - 2 * HOUR_MS),
      ...cartOf(day + 1),
      acceptsMarketing: false,
    });
    pending.push({
      index: checkoutSeeds.length - 1,
      seed: {
        status: "SKIPPED",
        reason: "NOT_SUBSCRIBED",
        anchorAt: new Date(anchorAt.getTime() - 2 * HOUR_MS),
      },
    });
    expected.abandoned += 1;
  }
  for (let held = 1; held <= HELD_OUT; held++) {
    const anchorAt = new Date(now.getTime() - held * 3 * DAY_MS - 5 * HOUR_MS);
    checkoutSeeds.push({
      email: emailOf("held", held),
      firstName: "Sam",
      updatedAt: anchorAt,
      ...cartOf(held),
    });
    pending.push({ index: checkoutSeeds.length - 1, seed: { arm: "HOLDOUT", anchorAt } });
    expected.abandoned += 1;
  }

  const checkouts = await seedCheckouts(shop, checkoutSeeds);
  const enrollments = await seedEnrollments(
    shop,
    pending.map(({ index, seed }) => ({
      ...seed,
      checkoutId: checkouts[index]!.id,
      emailHash: hashEmail(shop, checkoutSeeds[index]!.email!),
    })),
  );
  // The code of day 4's recovery was used: the dashboard counts its cost.
  const day4 = pending.findIndex(({ seed }) => seed.recovered?.orderId === "555004");
  await seedDiscountCode(shop, enrollments[day4]!.id, {
    code: "CB-E2E-4",
    used: { orderId: "555004", at: pending[day4]!.seed.recovered!.at, discountMinor: 1_000 },
  });

  const shopperDay = 8;
  const shopperIndex = (shopperDay - 1) * 2;
  return {
    expected,
    shopper: {
      email: emailOf("emailed", shopperDay),
      firstName: checkoutSeeds[shopperIndex]!.firstName!,
      checkoutId: checkouts[shopperIndex]!.id,
      productTitle: cartOf(shopperDay).lines[0]!.title,
    },
  };
}
