/**
 * The demo's invented world, the same on every run for the same size: a shop's catalog of about 200 products
 * in 10 categories with their costs, its shoppers (10,000 by default) and the hour each reads email, a month of
 * their checkouts, and how they respond to recovery emails, offers, the hour an email arrives and its design
 * (DEMO_RESPONSE, DEMO_HOUR_FACTORS, DEMO_DESIGN_FACTORS), from which each true effect follows.
 * Plain data, no I/O; the simulation (simulate.ts) turns it into signed webhooks and ticks.
 */

import { DEMO_MEDIAN_CART_MINOR } from "../app/domain/demo/demo-median-cart";
import { DEMO_CONTENT_EXPERIMENT } from "../app/domain/demo/demo-experiments";
import {
  DEMO_FIRST_TIME_TEST,
  DEMO_RETURNING_SEGMENT_NAME,
  DEMO_RETURNING_TEST,
} from "../app/domain/demo/demo-offer-tests";
import { mulberry32 } from "../app/lib/seeded-random";

export const DEMO_CURRENCY = "USD";
export const DEMO_SHOP_NAME = "Northwind Outfitters";
export const DEMO_TIME_ZONE = "America/New_York";
/**
 * The simulated month ends here on every run, whatever today's date: its weekends, the shop's change from
 * daylight-saving time and the ticks' phase fall the same way each time, so every run prints the same table
 * (the README's). The admin's clock then stays in that month.
 */
export const DEMO_MONTH_END = new Date("2026-11-30T21:00:00-05:00");

/** A seeded generator (mulberry32): the same seed gives the same world. */
export function createRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    chance: (probability: number) => next() < probability,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof createRandom>;

// ---------------------------------------------------------------------------------------------------------
// Catalog

export interface DemoCategory {
  slug: string;
  name: string;
  /**
   * Shopify's standard product category (its full name) the merchant gave the category's products, or null:
   * this shop never categorised its accessories, as real shops leave some products without one.
   */
  taxonomy: string | null;
  /**
   * The category whose first products the merchant linked, in Search & Discovery, as complementary to the
   * first few of this one (COMPLEMENTED_PRODUCTS): a jacket suggests a sweater to layer under it.
   */
  complementedBy?: string;
  nouns: readonly string[];
  materials: readonly string[];
  use: string;
  /** Price range in whole dollars. */
  price: readonly [number, number];
  /**
   * What a product of the category costs the shop, as a share of its price: its variants' unit cost in the
   * catalog export (Shopify's "Cost per item"), from which the app computes each order's gross profit.
   */
  costShare: number;
  /** Background colours of the product images. */
  colours: readonly string[];
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    slug: "jackets",
    name: "Jackets",
    taxonomy: "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
    complementedBy: "knitwear",
    nouns: ["Shell Jacket", "Down Parka", "Rain Jacket", "Insulated Vest", "Fleece Jacket"],
    materials: ["recycled nylon", "waxed cotton", "ripstop", "responsibly sourced down"],
    use: "keeps wind and rain out on exposed ridges and wet city commutes",
    price: [120, 320],
    costShare: 0.5,
    colours: ["#2f5d50", "#7a3b2e", "#1f3a5f", "#5c5c3d"],
  },
  {
    slug: "knitwear",
    name: "Knitwear",
    taxonomy: "Apparel & Accessories > Clothing > Clothing Tops > Sweaters",
    nouns: ["Crew Sweater", "Cardigan", "Quarter Zip", "Roll Neck", "Cable Knit"],
    materials: ["merino wool", "lambswool", "organic cotton", "alpaca blend"],
    use: "layers warmly under a shell or on its own by the fire",
    price: [60, 160],
    costShare: 0.45,
    colours: ["#8c6d46", "#4d6a82", "#9a4e4e", "#6b7b5a"],
  },
  {
    slug: "shirts",
    name: "Shirts",
    taxonomy: "Apparel & Accessories > Clothing > Clothing Tops > Shirts",
    nouns: ["Flannel Shirt", "Oxford Shirt", "Linen Shirt", "Chambray Shirt", "Trail Tee"],
    materials: ["brushed cotton", "linen", "hemp blend", "organic cotton"],
    use: "breathes on long days on the trail and looks sharp in town",
    price: [40, 95],
    costShare: 0.4,
    colours: ["#b5643c", "#3e6e8e", "#c9a227", "#5b4b8a"],
  },
  {
    slug: "trousers",
    name: "Trousers",
    taxonomy: "Apparel & Accessories > Clothing > Pants",
    nouns: ["Hiking Pants", "Chinos", "Work Trousers", "Climbing Shorts", "Rain Pants"],
    materials: ["stretch canvas", "organic twill", "softshell", "ripstop"],
    use: "moves with you on scrambles and stands up to years of wear",
    price: [55, 140],
    costShare: 0.45,
    colours: ["#4a4a4a", "#6e5a3c", "#2d4739", "#33415c"],
  },
  {
    slug: "footwear",
    name: "Footwear",
    taxonomy: "Apparel & Accessories > Shoes",
    complementedBy: "accessories",
    nouns: ["Hiking Boots", "Trail Runners", "Camp Moccasins", "Winter Boots", "Approach Shoes"],
    materials: ["full-grain leather", "recycled mesh", "suede", "waterproof membrane"],
    use: "grips wet rock and stays comfortable mile after mile",
    price: [90, 240],
    costShare: 0.55,
    colours: ["#5e3a1f", "#3b3b58", "#7d4f2a", "#2e4a3f"],
  },
  {
    slug: "bags",
    name: "Bags",
    taxonomy: "Luggage & Bags",
    nouns: ["Daypack", "Duffel", "Sling Bag", "Roll-Top Backpack", "Tote"],
    materials: ["waxed canvas", "recycled polyester", "waterproof nylon", "leather-trimmed canvas"],
    use: "carries a day's kit with room for a jacket and lunch",
    price: [35, 180],
    costShare: 0.45,
    colours: ["#35524a", "#7c3a3a", "#2b3d5b", "#6d6a2f"],
  },
  {
    slug: "headwear",
    name: "Headwear",
    taxonomy: "Apparel & Accessories > Clothing Accessories > Hats",
    nouns: ["Beanie", "Sun Hat", "Trucker Cap", "Bucket Hat", "Balaclava"],
    materials: ["merino wool", "organic cotton", "recycled polyester", "waxed canvas"],
    use: "keeps the sun or the cold off when the weather turns",
    price: [22, 48],
    costShare: 0.4,
    colours: ["#a23e48", "#2f6690", "#d08c2b", "#3a7d44"],
  },
  {
    slug: "camp-kitchen",
    name: "Camp kitchen",
    taxonomy: "Sporting Goods > Outdoor Recreation > Camping & Hiking > Camping Cookware",
    nouns: ["Enamel Mug", "Camp Stove", "Cook Set", "Coffee Press", "Spork Set"],
    materials: ["enamelled steel", "titanium", "stainless steel", "anodised aluminium"],
    use: "makes a hot breakfast at camp quick and easy",
    price: [18, 90],
    costShare: 0.5,
    colours: ["#444b6e", "#9a7b4f", "#3c6e71", "#8e3b46"],
  },
  {
    slug: "sleep-shelter",
    name: "Sleep and shelter",
    taxonomy: "Sporting Goods > Outdoor Recreation > Camping & Hiking",
    complementedBy: "camp-kitchen",
    nouns: ["Two-Person Tent", "Sleeping Bag", "Sleeping Pad", "Camp Pillow", "Hammock"],
    materials: ["ripstop nylon", "recycled down", "closed-cell foam", "silnylon"],
    use: "sets up in minutes and packs down small for the trail",
    price: [80, 480],
    costShare: 0.6,
    colours: ["#2c5f2d", "#1b4965", "#7f5539", "#5a189a"],
  },
  {
    slug: "accessories",
    name: "Accessories",
    taxonomy: null,
    nouns: ["Wool Socks", "Insulated Gloves", "Water Bottle", "Headlamp", "Neck Gaiter"],
    materials: ["merino wool", "stainless steel", "recycled fleece", "aluminium"],
    use: "is the small thing you are glad to have packed",
    price: [12, 60],
    costShare: 0.4,
    colours: ["#6a4c93", "#1982c4", "#8ac926", "#ff595e"],
  },
];

const ADJECTIVES = ["Alpine", "Ridge", "Harbor", "Cascade", "Summit", "Timber", "Fjord", "Prairie"] as const;

export interface DemoProduct {
  id: string;
  variantId: string;
  handle: string;
  title: string;
  description: string;
  category: DemoCategory;
  vendor: string;
  /** Products the merchant linked as complementary in Search & Discovery (ids); none for most. */
  complementaryProductIds: string[];
  tags: string[];
  priceMinor: number;
  /** What one costs the shop: its category's cost share of the price, in whole cents. */
  unitCostMinor: number;
  /** The background colour of its image. */
  colour: string;
  /** Served from public/ (demo/product-image.ts draws them). */
  imagePath: string;
}

const VENDORS = ["Northwind", "Tallpine Works", "Coastline Supply", "Granite & Co"] as const;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Products per category (the first ones) that the merchant gave complementary products. */
const COMPLEMENTED_PRODUCTS = 3;

/** Up to 20 products per category: every adjective with every noun is 40, and every other one is left out. */
export function buildCatalog(perCategory = 20): DemoProduct[] {
  const random = createRandom(20_261_121);
  const products: DemoProduct[] = [];
  DEMO_CATEGORIES.forEach((category, categoryIndex) => {
    let made = 0;
    for (let index = 0; made < perCategory && index < ADJECTIVES.length * category.nouns.length; index++) {
      if ((index + categoryIndex) % 2 === 1) continue;
      const adjective = ADJECTIVES[index % ADJECTIVES.length] as string;
      const noun = category.nouns[Math.floor(index / ADJECTIVES.length) % category.nouns.length] as string;
      const material = random.pick(category.materials);
      const title = `${adjective} ${noun}`;
      const number = 8_100_000_000 + categoryIndex * 1_000 + made;
      const [low, high] = category.price;
      const dollars = Math.round((low + random.next() * (high - low)) / 5) * 5 - 1;
      products.push({
        id: String(number),
        variantId: String(number * 10 + 1),
        handle: slug(title),
        title,
        description: `The ${title} in ${material} ${category.use}. Made to last, easy to repair.`,
        category,
        vendor: random.pick(VENDORS),
        complementaryProductIds: [],
        tags: [category.slug, slug(material), slug(adjective)],
        priceMinor: dollars * 100,
        unitCostMinor: Math.round(dollars * 100 * category.costShare),
        colour: category.colours[made % category.colours.length] as string,
        imagePath: `/demo/products/${category.slug}-${made + 1}.svg`,
      });
      made++;
    }
  });
  // The merchant's links, set once the catalog is built: a category's first products point at the first two of
  // the category that complements it.
  for (const category of DEMO_CATEGORIES) {
    if (!category.complementedBy) continue;
    const complements = products
      .filter((product) => product.category.slug === category.complementedBy)
      .slice(0, 2)
      .map((product) => product.id);
    const linked = products
      .filter((product) => product.category === category)
      .slice(0, COMPLEMENTED_PRODUCTS);
    for (const product of linked) product.complementaryProductIds = [...complements];
  }
  return products;
}

// ---------------------------------------------------------------------------------------------------------
// Shoppers

const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Maya",
  "Noah",
  "Chloé",
  "Lucas",
  "Zoe",
  "Ethan",
  "Léa",
  "Oliver",
  "Nora",
  "Mateo",
  "Ingrid",
  "Hugo",
  "Amara",
  "Felix",
  "Priya",
  "Jonas",
  "Sofia",
  "Theo",
  "Hana",
  "Omar",
  "Elena",
  "Kai",
  "Mila",
  "Ravi",
  "Greta",
  "Diego",
  "Aisha",
  "Finn",
  "Yuki",
  "Marco",
  "Saoirse",
  "Tomás",
  "Ines",
  "Jamal",
  "Freya",
  "Leo",
  "Camille",
  "Arjun",
] as const;
const LAST_NAMES = [
  "Nguyen",
  "Tremblay",
  "Schmidt",
  "García",
  "O'Brien",
  "Rossi",
  "Kowalski",
  "Dubois",
  "Haddad",
  "Johansson",
  "Okafor",
  "Patel",
  "Müller",
  "Silva",
  "Kim",
  "Novak",
  "Fischer",
  "Moreau",
  "Walsh",
  "Yamamoto",
  "Costa",
  "Larsen",
  "Brennan",
  "Ortiz",
  "Chen",
] as const;
const LOCALES = [
  ["en-US", 0.72],
  ["en-CA", 0.1],
  ["fr-CA", 0.1],
  ["de-DE", 0.04],
  ["es-MX", 0.04],
] as const;

export interface DemoShopper {
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  customerId: string | null;
  locale: string;
  acceptsMarketing: boolean;
  /** How likely this shopper is to act on an email: 0.4 (rarely) to 1.6 (keen). */
  responsiveness: number;
  /** The hour of the day (the shop's clock, 0-23) this shopper reads email: DEMO_ENGAGEMENT_HOURS. */
  engagementHour: number;
}

function pickLocale(random: Random): string {
  let roll = random.next();
  for (const [locale, share] of LOCALES) {
    if (roll < share) return locale;
    roll -= share;
  }
  return "en-US";
}

export function buildShoppers(count: number): DemoShopper[] {
  const random = createRandom(1_000_003);
  return Array.from({ length: count }, (_, index) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const local = `${firstName}.${lastName}`
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z.]/g, "")
      .toLowerCase();
    return {
      index,
      firstName,
      lastName,
      email: `${local}.${index + 1}@${random.pick(["example.com", "example.org", "example.net"])}`,
      customerId: random.chance(0.6) ? String(7_300_000_000 + index) : null,
      locale: pickLocale(random),
      acceptsMarketing: random.chance(0.78),
      responsiveness: 0.4 + random.next() * 1.2,
      engagementHour: engagementHourOf(index),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Customers' history before the month

/** What Shopify knew of a customer account before the simulated month: the shop is older than the app. */
export interface DemoCustomerHistory {
  orderCount: number;
  amountSpentMinor: number;
  lastOrderAt: Date | null;
}

/** The history ends a day before the longest usual run (30 days) begins. */
export const DEMO_HISTORY_END = new Date(DEMO_MONTH_END.getTime() - 31 * 24 * 60 * 60_000);
const EARLIER_ORDER_COUNTS = [1, 1, 1, 2, 2, 3, 4, 6, 9] as const;

/**
 * A customer account's orders before the month, from its id alone (so the demo server's mocked Admin API
 * answers the same as the simulation would, without sharing its shoppers): a little over half have ordered
 * before, most once or twice, a few many times. Seeded per id, so adding it changed no other draw.
 */
export function customerHistoryOf(customerId: string): DemoCustomerHistory {
  const random = createRandom(hashText(`history:${customerId}`));
  if (!random.chance(0.55)) return { orderCount: 0, amountSpentMinor: 0, lastOrderAt: null };
  const orderCount = random.pick(EARLIER_ORDER_COUNTS);
  let amountSpentMinor = 0;
  for (let order = 0; order < orderCount; order++) amountSpentMinor += random.int(35, 260) * 100 - 1;
  const daysBefore = random.int(3, 400);
  return {
    orderCount,
    amountSpentMinor,
    lastOrderAt: new Date(DEMO_HISTORY_END.getTime() - daysBefore * 24 * 60 * MINUTE_MS),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Checkouts

export interface DemoLine {
  product: DemoProduct;
  quantity: number;
}

/**
 * What a shopper did with one checkout, decided up front. What a shopper who left does next (comes back on
 * their own, or acts on an email) is the demo's response model below, decided as the emails come.
 */
export type CheckoutEnding =
  /** Paid within the session: never abandoned. */
  | { kind: "COMPLETED"; afterMinutes: number }
  /** Left. */
  | { kind: "ABANDONED" };

export interface DemoCheckout {
  index: number;
  token: string;
  cartToken: string;
  checkoutId: string;
  shopper: DemoShopper;
  /** Whether the shopper typed an email (some leave before the contact step). */
  givesEmail: boolean;
  createdAt: Date;
  /** Cart states over the session: minutes after creation and the lines then. */
  updates: Array<{ afterMinutes: number; lines: DemoLine[] }>;
  ending: CheckoutEnding;
}

const MINUTE_MS = 60_000;

function hex(random: Random, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random.next() * 16).toString(16);
  return out;
}

/** A moment on `day` when shoppers shop: mostly daytime and evening in the shop's zone (UTC-5 or so). */
function shoppingTime(random: Random, dayStart: Date): Date {
  const localHour = random.chance(0.85) ? random.int(8, 22) : random.int(0, 23);
  const minutes = (localHour + 5) * 60 + random.int(0, 59);
  return new Date(dayStart.getTime() + minutes * MINUTE_MS);
}

function cartLines(random: Random, catalog: DemoProduct[]): DemoLine[] {
  const first = random.pick(catalog);
  const lines: DemoLine[] = [{ product: first, quantity: random.chance(0.15) ? 2 : 1 }];
  const extra = random.chance(0.45) ? random.int(1, 2) : 0;
  for (let count = 0; count < extra; count++) {
    // Most carts stay in one category or a neighbour; the recommendations should find the rest.
    const sameCategory = catalog.filter((product) => product.category === first.category);
    const product = random.chance(0.6) ? random.pick(sameCategory) : random.pick(catalog);
    if (!lines.some((line) => line.product === product)) lines.push({ product, quantity: 1 });
  }
  return lines;
}

/**
 * A checkout's cart over its session: the first cart, and in two sessions of five one more product a few
 * minutes later. The demo's checkouts and the carts its true effects are averaged over (demoCartSample) are
 * drawn by this one function.
 */
export function drawCartUpdates(random: Random, catalog: DemoProduct[]): DemoCheckout["updates"] {
  const first = cartLines(random, catalog);
  const updates = [{ afterMinutes: 0, lines: first }];
  if (random.chance(0.4)) {
    const more = cartLines(random, catalog).filter(
      (line) => !first.some((existing) => existing.product === line.product),
    );
    updates.push({ afterMinutes: random.int(2, 12), lines: [...first, ...more.slice(0, 1)] });
  }
  return updates;
}

/**
 * No checkout is created in the month's last three days, so that every checkout's story ends within the month:
 * the second email comes a day after a checkout is left (a night's quiet hours or its send window later at
 * most), and a shopper acts on it at their hour, within a day. The dashboard's month then holds every order its
 * checkouts lead to, and its figures can be set beside the true effects.
 */
export const DEMO_LAST_CHECKOUT_HOURS_BEFORE_END = 72;

/**
 * About `perDay` checkouts a day over `days` whole UTC days from `firstDay` (busier at weekends), each by a
 * random shopper; a returning shopper may have several. A third complete in the session; the rest are left.
 */
export function buildCheckouts({
  catalog,
  shoppers,
  firstDay,
  days,
  perDay,
  latest,
}: {
  catalog: DemoProduct[];
  shoppers: DemoShopper[];
  firstDay: Date;
  days: number;
  perDay: number;
  /** No checkout is created after this (DEMO_LAST_CHECKOUT_HOURS_BEFORE_END before the simulation's end). */
  latest: Date;
}): DemoCheckout[] {
  const random = createRandom(424_242);
  const checkouts: DemoCheckout[] = [];
  for (let day = 0; day < days; day++) {
    const dayStart = new Date(firstDay.getTime() + day * 24 * 60 * MINUTE_MS);
    const weekend = [0, 6].includes(dayStart.getUTCDay());
    const count = Math.round(perDay * (weekend ? 1.3 : 0.9) * (0.8 + random.next() * 0.4));
    for (let n = 0; n < count; n++) {
      const createdAt = shoppingTime(random, dayStart);
      if (createdAt > latest) continue;
      const updates = drawCartUpdates(random, catalog);
      const lastUpdate = updates[updates.length - 1]?.afterMinutes ?? 0;
      const ending: CheckoutEnding = random.chance(0.34)
        ? { kind: "COMPLETED", afterMinutes: lastUpdate + random.int(2, 15) }
        : { kind: "ABANDONED" };
      checkouts.push({
        index: checkouts.length,
        token: hex(random, 32),
        cartToken: hex(random, 32),
        checkoutId: String(35_000_000_000 + checkouts.length),
        shopper: random.pick(shoppers),
        givesEmail: ending.kind === "COMPLETED" || random.chance(0.9),
        createdAt,
        updates,
        ending,
      });
    }
  }
  return checkouts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** A stable number for a text (FNV-1a), to seed per-email decisions. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * How a shopper browses one recovery email (`emailKey` names it), the same on every run: some click its link
 * and look without ordering, a few unsubscribe, when they read it (readingTimeOf). The click rate is the step's,
 * times the shopper's responsiveness, times the email's factor (responseFactorOf: its hour and design). Whether
 * the shopper orders is the response model's (ordersAfterEmails), not this.
 */
export function reactionTo(
  shopper: DemoShopper,
  emailKey: string,
  step: number,
  factor = 1,
): { clicksAfterReadingMinutes: number | null; unsubscribes: boolean } {
  const random = createRandom(hashText(emailKey));
  const clickRate = [0.2, 0.16, 0.13, 0.1, 0.08][step - 1] ?? 0.08;
  const unsubscribes = random.chance(0.015);
  const clicks = !unsubscribes && random.chance(clickRate * shopper.responsiveness * factor);
  return { clicksAfterReadingMinutes: clicks ? random.int(2, 50) : null, unsubscribes };
}

// ---------------------------------------------------------------------------------------------------------
// When shoppers read email, and what an email's hour and design do

/**
 * The hour each shopper reads email, on the shop's clock (New York): most in the evening, some at lunch, some
 * before work. It is theirs alone: when they shop is the shop's traffic (shoppingTime, mostly daytime), so a
 * second email sent a day after they left arrives at the hour they shopped, often not the hour they read.
 * All are outside the shop's quiet hours (21:00 to 08:00), so an email can be sent at each.
 */
export const DEMO_ENGAGEMENT_HOURS: ReadonlyArray<readonly [hour: number, share: number]> = [
  [8, 0.2],
  [12, 0.25],
  [19, 0.3],
  [20, 0.25],
];

/** A shopper's hour, seeded by their index alone: adding it changed no other draw of the world. */
export function engagementHourOf(shopperIndex: number): number {
  let roll = createRandom(hashText(`engagement hour ${shopperIndex}`)).next();
  for (const [hour, share] of DEMO_ENGAGEMENT_HOURS) {
    if (roll < share) return hour;
    roll -= share;
  }
  return DEMO_ENGAGEMENT_HOURS.at(-1)?.[0] ?? 19;
}

/**
 * THE HOUR'S EFFECT: a shopper reads email at their hour, so an email waits in their inbox from its arrival to
 * that hour, under newer mail. By the whole hours it waits (the hour of its arrival to theirs, on the shop's
 * clock), the shopper is this many times as likely to act on it (order, or click to browse):
 *
 *   waits         0 (arrives during their hour)   1      2      3      4 or more
 *   factor        x1.3                            x1.15  x1.0   x0.9   x0.8
 *
 * An email that arrives just after their hour waits 23 hours: x0.8. Send-time optimisation earns what it moves
 * an email up this table, and the world knows by how much for each email it held (SecondEmail).
 */
export const DEMO_HOUR_FACTORS = [1.3, 1.15, 1.0, 0.9] as const;
const FAR_HOUR_FACTOR = 0.8;

/** The whole hours an email arriving at `arrivalHour` waits for `engagementHour` (0-23). */
export const hoursWaitingOf = (arrivalHour: number, engagementHour: number) =>
  (((engagementHour - arrivalHour) % 24) + 24) % 24;

export const hourFactorOf = (arrivalHour: number, engagementHour: number) =>
  DEMO_HOUR_FACTORS[hoursWaitingOf(arrivalHour, engagementHour)] ?? FAR_HOUR_FACTOR;

/** An email's design, the app's templates (world.test.ts holds the list to the app's). */
export type DemoDesign = "PRODUCT" | "IMAGE" | "OFFER" | "NOTE";

/**
 * THE DESIGN'S EFFECT: how many times as likely the shopper is to act on an email in this design as in the
 * product-led one. For this small outdoor shop, a personal note from the shop reads as a person writing and is
 * answered far more often; the picture-led design a little more; the offer-led one as the product-led (the
 * offer itself is DEMO_RESPONSE's). Large on purpose: the demo's one content experiment gets 60 to 70 emails a
 * variant in the month (app/domain/demo/demo-experiments.ts), and a smaller effect would rarely be told apart
 * from chance at that size. The summary prints this truth beside what the app measured.
 */
export const DEMO_DESIGN_FACTORS: Record<DemoDesign, number> = {
  PRODUCT: 1,
  IMAGE: 1.05,
  OFFER: 1,
  NOTE: 1.8,
};

/** The most an email's hour and design multiply a shopper's response by. */
export const MAX_RESPONSE_FACTOR =
  Math.max(...DEMO_HOUR_FACTORS) * Math.max(...Object.values(DEMO_DESIGN_FACTORS));

const localHourFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: DEMO_TIME_ZONE,
  hour: "numeric",
  hourCycle: "h23",
});

/** The hour (0-23) of an instant on the shop's clock. */
export const localHourOf = (at: Date) => Number(localHourFormat.format(at));

const HOUR_MS = 60 * 60_000;

/**
 * When the shopper reads an email that arrived at `arrival`: at once during their hour, otherwise at the next
 * start of their hour (the shop's zone is a whole number of hours from UTC, so local hours start on UTC's).
 */
export function readingTimeOf(arrival: Date, engagementHour: number): Date {
  if (localHourOf(arrival) === engagementHour) return arrival;
  let at = Math.floor(arrival.getTime() / HOUR_MS) * HOUR_MS;
  for (let hours = 0; hours < 26; hours++) {
    at += HOUR_MS;
    if (localHourOf(new Date(at)) === engagementHour) break;
  }
  return new Date(at);
}

/** The factor an email's arrival and design give its shopper's response (the two tables above, multiplied). */
export const responseFactorOf = (arrival: Date, engagementHour: number, design: DemoDesign) =>
  hourFactorOf(localHourOf(arrival), engagementHour) * DEMO_DESIGN_FACTORS[design];

/**
 * An email's design as its shopper sees it, from the email as sent (its text part, which the app writes from
 * the same content as the HTML, in the design's order, and the HTML's pictures): the note has no shop header
 * (its first line is not the shop's name); the offer-led design puts the offer and the link back before the
 * cart; the picture-led one shows each item as wide as the email; otherwise product-led. An offer-led email
 * without an offer is product-led, as the app lays it out.
 */
export function designShownIn(email: { text: string; html: string }, shopName: string): DemoDesign {
  const { text, html } = email;
  if (!text.startsWith(`${shopName}\n`)) return "NOTE";
  const link = text.indexOf("/r/");
  const cart = text.indexOf("\n- ");
  if (link >= 0 && cart >= 0 && link < cart) return "OFFER";
  const widths = [...html.matchAll(/<img[^>]*\swidth="(\d+)"/g)].map((match) => Number(match[1]));
  return widths.some((width) => width >= 400) ? "IMAGE" : "PRODUCT";
}

// ---------------------------------------------------------------------------------------------------------
// The demo's world: how shoppers who left a checkout respond, and the true effects that follow from it

/** Whether the shopper had ordered before: the app's CUSTOMER_TYPE condition ("new", "returning"). */
export type ShopperKind = "NEW" | "RETURNING";

/** The offer a recovery email showed: none, free shipping alone, or a percentage off (with free shipping). */
export type OfferShown = "NONE" | "FREE_SHIPPING" | "PERCENT_OFF";

export interface ShopperResponse {
  /** Held out (no email): the chance the shopper comes back and orders on their own. */
  onOwn: number;
  /** Emailed: the chance the shopper orders, by the offer the second email shows. */
  afterEmails: Record<OfferShown, number>;
}

/**
 * THE DEMO'S WORLD: how a shopper who left a checkout with an email responds. Every true effect the demo's
 * summary prints follows from this table, the shop's offers (DEMO_TIERS), the catalog's prices and costs
 * (DEMO_CATEGORIES' costShare) and its carts (drawCartUpdates); see segmentTruth.
 *
 *   shopper      orders on their own     orders after the emails, by the offer the second email shows
 *                (held out: no email)    no offer    free shipping    % off (and free shipping)
 *   returning    20%                     27%         28%              29%
 *   new           5%                      9%         15%              22%
 *
 * Returning customers often come back anyway, and the emails bring them back about as often with a discount
 * as without; new customers rarely come back on their own, and a discount works on them. How it plays out:
 *
 * - Each checkout draws one number u in [0, 1) (responseDrawOf, seeded by its token), the same whatever the
 *   app decides. Held out, the shopper orders if u < "on their own", a day or so after leaving, without a
 *   code. Emailed, the shopper orders if u < the rate of the offer the SECOND email shows (the first offer step
 *   of every demo sequence; under "no discount" it is a reminder), clicking its link and ordering with the
 *   link's codes. The offer is read from the email itself, so the shopper answers what the app really sent.
 * - The rates after the emails are at least those on their own, and u is shared: a shopper who would have
 *   come back anyway also orders when emailed, and uses the code. That discount, given to someone who would
 *   have paid in full, is what the profit figures weigh against the orders the offer adds.
 * - A shopper who would order after some offer never unsubscribes; the others browse (reactionTo).
 * - THE HOUR AND THE DESIGN MULTIPLY IN: the rate after the emails is the table's times the second email's
 *   factor, DEMO_HOUR_FACTORS (how long it waited for the shopper's hour) times DEMO_DESIGN_FACTORS (its
 *   design): u < rate x hour x design. The lowest factor (x0.8) keeps every rate after the emails at least the
 *   rate on their own, so an email still never loses an order. The shopper clicks when they read the email, at
 *   their hour (readingTimeOf), and orders within two hours; so the app sees their clicks and orders at the
 *   hours they read.
 * - So a segment's true effects are the table's with its after-email rates multiplied by the average factor
 *   of its second emails (segmentTruth's `factor`): the world knows each email's factor from its arrival and
 *   design, and the average is taken over the emails the app sent in the run (segmentFactorsOf), which depends
 *   on when the app sent them and which design it drew. At a factor of 1 the truths are the table's.
 *
 * The kind is the one the app's CUSTOMER_TYPE condition sees at enrolment: returning when the customer account
 * has earlier orders in Shopify or the shopper ordered earlier in the month (simulate.ts kindOf). Only an order
 * placed while reconciliation was still finding a checkout whose webhooks were lost could make the two
 * disagree; a shopper here orders about once a year, so it hardly ever happens.
 */
export const DEMO_RESPONSE: Record<ShopperKind, ShopperResponse> = {
  RETURNING: { onOwn: 0.2, afterEmails: { NONE: 0.27, FREE_SHIPPING: 0.28, PERCENT_OFF: 0.29 } },
  NEW: { onOwn: 0.05, afterEmails: { NONE: 0.09, FREE_SHIPPING: 0.15, PERCENT_OFF: 0.22 } },
};

/**
 * The demo shop's discount tiers, its settings' defaults (world.test.ts holds them to the app's): under $100
 * free shipping only, from $100 10% off, from $500 20% off, both with free shipping.
 */
export const DEMO_TIERS = [
  { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true },
  { minimumSubtotalMinor: 10_000, percentOff: 10, freeShipping: true },
  { minimumSubtotalMinor: 50_000, percentOff: 20, freeShipping: true },
] as const;

/**
 * The demo shop's sequence timing, its settings' defaults, which every segment copies (world.test.ts holds them
 * to the app's): the three steps' delays after the checkout's last activity, and the quiet hours no email is
 * sent in (the shop's clock).
 */
export const DEMO_STEP_DELAYS_MINUTES = [60, 24 * 60, 3 * 24 * 60] as const;
export const DEMO_QUIET_HOURS = { enabled: true, start: "21:00", end: "08:00" } as const;

/** What free shipping saves an order, so what it costs the shop: the demo's orders report $8.00. */
export const FREE_SHIPPING_MINOR = 800;

/** The offer test's arms (the app's OfferArm), and what a segment without a test gives: one of them. */
export type DemoOfferArm = "NO_DISCOUNT" | "TIER_DISCOUNT" | "FREE_SHIPPING";

/**
 * What an arm shows a cart of this subtotal, and what it takes off the order when used: nothing; free
 * shipping; or the tier the cart reaches (free shipping alone under $100), whose percentage Shopify rounds to
 * the cent, as the demo's orders report it.
 */
export function offerFor(
  arm: DemoOfferArm,
  subtotalMinor: number,
): { shown: OfferShown; discountMinor: number } {
  if (arm === "NO_DISCOUNT") return { shown: "NONE", discountMinor: 0 };
  if (arm === "FREE_SHIPPING") return { shown: "FREE_SHIPPING", discountMinor: FREE_SHIPPING_MINOR };
  const tier = [...DEMO_TIERS].reverse().find((each) => subtotalMinor >= each.minimumSubtotalMinor);
  if (!tier || tier.percentOff === 0) return { shown: "FREE_SHIPPING", discountMinor: FREE_SHIPPING_MINOR };
  return {
    shown: "PERCENT_OFF",
    discountMinor: Math.round((subtotalMinor * tier.percentOff) / 100) + FREE_SHIPPING_MINOR,
  };
}

/** The offer an email shows, from its codes ("CB-7KQ2MXPA", and "CB-7KQ2MXPA-SHIP" for free shipping). */
export function offerShownIn(emailText: string): OfferShown {
  const codes = emailText.match(/\bCB-[0-9A-Z]{8}(?:-SHIP)?\b/g) ?? [];
  if (codes.some((code) => !code.endsWith("-SHIP"))) return "PERCENT_OFF";
  return codes.length > 0 ? "FREE_SHIPPING" : "NONE";
}

/** A checkout's draw (see DEMO_RESPONSE) and the delays of its order, the same on every run. */
export interface ResponseDraw {
  draw: number;
  /** Held out, after ON_OWN_AFTER_MINUTES: when the shopper comes back. */
  clickAfterMinutes: number;
  orderAfterClickMinutes: number;
  /** Emailed: after the shopper starts reading the second email (readingTimeOf), the click. */
  clickAfterReadingMinutes: number;
}

export function responseDrawOf(checkoutToken: string): ResponseDraw {
  const random = createRandom(hashText(`response ${checkoutToken}`));
  return {
    draw: random.next(),
    clickAfterMinutes: random.int(5, 6 * 60),
    orderAfterClickMinutes: random.int(3, 120),
    clickAfterReadingMinutes: random.int(2, 40),
  };
}

/**
 * A held-out shopper who comes back does so a day after leaving plus the same delays as an emailed one (the
 * second email comes a day after): the two groups' orders fall alike in time, and both within the month.
 */
export const ON_OWN_AFTER_MINUTES = 24 * 60;

export const ordersOnOwn = (kind: ShopperKind, draw: number) => draw < DEMO_RESPONSE[kind].onOwn;
/** `factor`: the second email's hour and design (responseFactorOf). */
export const ordersAfterEmails = (kind: ShopperKind, shown: OfferShown, draw: number, factor = 1) =>
  draw < DEMO_RESPONSE[kind].afterEmails[shown] * factor;
/** Whether some offer, hour and design would make this shopper order: such a shopper does not unsubscribe. */
export const mightOrderAfterEmails = (kind: ShopperKind, draw: number) =>
  draw < Math.max(...Object.values(DEMO_RESPONSE[kind].afterEmails)) * MAX_RESPONSE_FACTOR;

/** The shopper's kind at a checkout, from their account's history and their orders in the month before it. */
export function shopperKindOf(shopper: DemoShopper, ordersInMonthBefore: number): ShopperKind {
  const history = shopper.customerId ? customerHistoryOf(shopper.customerId).orderCount : 0;
  return history + ordersInMonthBefore > 0 ? "RETURNING" : "NEW";
}

/** The carts a segment catches: all, or those at or above (under) the median cart, its CART_SUBTOTAL bound. */
export type CartRange = "ANY" | "AT_LEAST_MEDIAN" | "UNDER_MEDIAN";

/** One of the demo shop's segments as the world sees it: one kind of shopper, one range of carts, its offers. */
export interface DemoSegmentWorld {
  name: string;
  kind: ShopperKind;
  carts: CartRange;
  /** The arms of its offer test, or the one offer its strategy gives every checkout. */
  offers: readonly DemoOfferArm[];
}

/**
 * The demo shop's segments, in its order (app/domain/demo/install-demo-shop.server.ts makes them; the demo's
 * test checks the names against the served dashboard). Each holds one kind of shopper: the high-value ones and
 * "Returning customers" every returning shopper (the first takes the big spenders), the first-timers with a
 * big cart and "Everyone else" (all that is left: new shoppers with a cart under the median) the new ones.
 */
export const DEMO_SEGMENTS: readonly DemoSegmentWorld[] = [
  { name: "Returning, high-value: no discount", kind: "RETURNING", carts: "ANY", offers: ["NO_DISCOUNT"] },
  {
    name: "First-time, cart over the shop's median: offer from step 2",
    kind: "NEW",
    carts: "AT_LEAST_MEDIAN",
    offers: DEMO_FIRST_TIME_TEST.offerArms,
  },
  {
    name: DEMO_RETURNING_SEGMENT_NAME,
    kind: "RETURNING",
    carts: "ANY",
    offers: DEMO_RETURNING_TEST.offerArms,
  },
  { name: "Everyone else", kind: "NEW", carts: "UNDER_MEDIAN", offers: ["TIER_DISCOUNT"] },
];

/** A final cart: its subtotal, and its gross profit (the subtotal less the products' unit costs). */
export interface DemoCart {
  subtotalMinor: number;
  grossProfitMinor: number;
}

export function cartOf(lines: readonly DemoLine[]): DemoCart {
  let subtotalMinor = 0;
  let grossProfitMinor = 0;
  for (const line of lines) {
    subtotalMinor += line.product.priceMinor * line.quantity;
    grossProfitMinor += (line.product.priceMinor - line.product.unitCostMinor) * line.quantity;
  }
  return { subtotalMinor, grossProfitMinor };
}

/** How many carts the true effects are averaged over (see segmentTruth). */
export const DEMO_CART_SAMPLE_SIZE = 200_000;

/**
 * Carts from the world's own cart generator (drawCartUpdates, the final cart of each), with a seed of their
 * own: the distribution the demo's checkouts are drawn from, not the run's carts.
 */
export function demoCartSample(size = DEMO_CART_SAMPLE_SIZE, seed = 77_000_001): DemoCart[] {
  const random = createRandom(seed);
  const catalog = buildCatalog();
  return Array.from({ length: size }, () => cartOf(drawCartUpdates(random, catalog).at(-1)?.lines ?? []));
}

export function isInRange(range: CartRange, subtotalMinor: number): boolean {
  if (range === "ANY") return true;
  return subtotalMinor >= DEMO_MEDIAN_CART_MINOR === (range === "AT_LEAST_MEDIAN");
}

export interface GroupTruth {
  recoveryRate: number;
  /** Expected gross profit per checkout after the discount, minor units (not rounded). */
  profitPerCheckoutMinor: number;
}

export interface ArmTruth extends GroupTruth {
  arm: DemoOfferArm;
  /** Against the holdout: what the dashboard's "versus holdout" estimates. */
  incrementalRecoveryRate: number;
  incrementalProfitPerCheckoutMinor: number;
}

export interface SegmentTruth {
  segment: DemoSegmentWorld;
  holdout: GroupTruth;
  arms: ArmTruth[];
  /** Everyone in the sequence against the holdout (its arms in equal shares): the dashboard's addedOverHoldout. */
  addedOverHoldout: { incrementalRecoveryRate: number; incrementalProfitPerCheckoutMinor: number };
}

/**
 * A segment's true effects, from the world's parameters and `factor`, the average hour-and-design factor of
 * its second emails (segmentFactorsOf; 1 without one). For a cart of subtotal V and gross profit G (V less its
 * unit costs), a shopper of kind k, on-their-own rate h_k and after-email rate q_k(offer), with f the factor:
 *
 *   held out:   recovery h_k,                      profit per checkout h_k x G
 *   arm a:      recovery f x q_k(shown(a, V)),     profit per checkout f x q_k(shown(a, V)) x (G - D(a, V))
 *
 * with D the discount the arm's codes take (offerFor), each averaged over the segment's carts (a cart does not
 * depend on the shopper, the draw or the arm, so the segment's carts are the generator's carts in its range).
 * The incremental figures are the arm's less the holdout's, and "added over the holdout" is the average over
 * the arms, which the app draws in equal shares. The average over carts is taken over demoCartSample (200,000
 * carts: another 200,000 move a truth per checkout by a few cents; the run's own carts are not used). The
 * factor does not depend on the cart or the offer (the hour a shopper reads is theirs, the design is drawn
 * apart from the offer), so it multiplies the average.
 */
export function segmentTruth(
  segment: DemoSegmentWorld,
  carts: readonly DemoCart[],
  factor = 1,
): SegmentTruth {
  const response = DEMO_RESPONSE[segment.kind];
  const inSegment = carts.filter((cart) => isInRange(segment.carts, cart.subtotalMinor));
  const count = inSegment.length;
  if (count === 0) throw new RangeError(`no cart in the range of ${segment.name}`);
  const meanGross = inSegment.reduce((sum, cart) => sum + cart.grossProfitMinor, 0) / count;
  const holdout = { recoveryRate: response.onOwn, profitPerCheckoutMinor: response.onOwn * meanGross };
  const arms = segment.offers.map((arm): ArmTruth => {
    let rate = 0;
    let profit = 0;
    for (const cart of inSegment) {
      const offer = offerFor(arm, cart.subtotalMinor);
      const ordered = response.afterEmails[offer.shown] * factor;
      rate += ordered;
      profit += ordered * (cart.grossProfitMinor - offer.discountMinor);
    }
    return {
      arm,
      recoveryRate: rate / count,
      profitPerCheckoutMinor: profit / count,
      incrementalRecoveryRate: rate / count - holdout.recoveryRate,
      incrementalProfitPerCheckoutMinor: profit / count - holdout.profitPerCheckoutMinor,
    };
  });
  const mean = (pick: (arm: ArmTruth) => number) =>
    arms.reduce((sum, arm) => sum + pick(arm), 0) / arms.length;
  return {
    segment,
    holdout,
    arms,
    addedOverHoldout: {
      incrementalRecoveryRate: mean((arm) => arm.incrementalRecoveryRate),
      incrementalProfitPerCheckoutMinor: mean((arm) => arm.incrementalProfitPerCheckoutMinor),
    },
  };
}

let sampleCarts: DemoCart[] | null = null;

/**
 * Every demo segment's true effects, with each segment's average factor of its second emails (by name; 1 for
 * one not given). The carts are drawn once.
 */
export function demoTruths(factors: Readonly<Record<string, number>> = {}): SegmentTruth[] {
  sampleCarts ??= demoCartSample();
  const carts = sampleCarts;
  return DEMO_SEGMENTS.map((segment) => segmentTruth(segment, carts, factors[segment.name] ?? 1));
}

// ---------------------------------------------------------------------------------------------------------
// The second emails of a run, as the world sees them: from them, the truths that depend on when the app sent

/**
 * One second email of the run (the email the shoppers order from), as the simulation met it in the outbox:
 * whose it was in the world's terms, what the world made of it, and when the app sent it against when it
 * would have gone at the plain delay.
 */
export interface SecondEmail {
  kind: ShopperKind;
  /** The checkout's cart at or above the median (the world's segments' bound). */
  atLeastMedian: boolean;
  design: DemoDesign;
  /** The after-email rate of the offer it showed (DEMO_RESPONSE), before its hour and design. */
  baseRate: number;
  /** Its hour factor, sent when it was (DEMO_HOUR_FACTORS). */
  hourFactor: number;
  /** The hour factor it would have had at the plain delay: the control's time. */
  plainHourFactor: number;
  /** When the app sent it (ISO), and how many minutes after the plain delay's time (0: not held). */
  sentAt: string;
  heldMinutes: number;
}

const inSegmentWorld = (segment: DemoSegmentWorld) => (email: SecondEmail) =>
  email.kind === segment.kind &&
  (segment.carts === "ANY" || email.atLeastMedian === (segment.carts === "AT_LEAST_MEDIAN"));

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Each demo segment's average factor (hour x design) over the run's second emails of its kind of shopper and
 * range of carts: the `factor` of its true effects. The two returning segments share their shoppers' average
 * (the world cannot tell which of the two the app put a returning shopper in; their emails are alike).
 */
export function segmentFactorsOf(emails: readonly SecondEmail[]): Record<string, number> {
  return Object.fromEntries(
    DEMO_SEGMENTS.map((segment) => [
      segment.name,
      mean(
        emails
          .filter(inSegmentWorld(segment))
          .map((email) => email.hourFactor * DEMO_DESIGN_FACTORS[email.design]),
      ) ?? 1,
    ]),
  );
}

/**
 * Send-time optimisation's true effect in the run: the orders the world expects the app's holds to have added,
 * sum over the second emails of base rate x design x (hour factor as sent - at the plain delay), and the emails
 * held. Per checkout of the optimised group that was emailed, it is what the dashboard's "optimised minus
 * control" recovery rate estimates (the control's emails all went at the plain delay, so add nothing).
 */
export function sendTimeTruthOf(emails: readonly SecondEmail[]): {
  heldEmails: number;
  addedRecoveries: number;
  meanHeldMinutes: number | null;
} {
  const held = emails.filter((email) => email.heldMinutes > 0);
  return {
    heldEmails: held.length,
    addedRecoveries: emails.reduce(
      (sum, email) =>
        sum + email.baseRate * DEMO_DESIGN_FACTORS[email.design] * (email.hourFactor - email.plainHourFactor),
      0,
    ),
    meanHeldMinutes: mean(held.map((email) => email.heldMinutes)),
  };
}

/** The world's segment the demo's content experiment runs in. */
export const DEMO_EXPERIMENT_SEGMENT = DEMO_SEGMENTS.find(
  (segment) => segment.name === DEMO_CONTENT_EXPERIMENT.segmentName,
) as DemoSegmentWorld;

/**
 * The content experiment's true recoveries per email of a design: its design factor times the average base
 * rate x hour factor of the experiment's emails (its segment's second emails sent before `until`, the decision,
 * after which the app sends the winner to everyone outside the experiment). The design is drawn apart from
 * everything else, so each variant's emails share that average. Null without emails.
 */
export function designTruthOf(
  emails: readonly SecondEmail[],
  design: DemoDesign,
  until: Date | null,
): number | null {
  const average = mean(
    emails
      .filter(inSegmentWorld(DEMO_EXPERIMENT_SEGMENT))
      .filter((email) => until === null || new Date(email.sentAt) < until)
      .map((email) => email.baseRate * email.hourFactor),
  );
  return average === null ? null : average * DEMO_DESIGN_FACTORS[design];
}
