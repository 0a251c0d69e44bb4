/**
 * The demo's invented world, the same on every run for the same size: a shop's catalog of about 200 products
 * in 10 categories, about 1,000 shoppers, and a month of their checkouts. Plain data, no I/O; the simulation
 * (simulate.ts) turns it into signed webhooks and ticks.
 */

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
  nouns: readonly string[];
  materials: readonly string[];
  use: string;
  /** Price range in whole dollars. */
  price: readonly [number, number];
  /** Background colours of the product images. */
  colours: readonly string[];
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    slug: "jackets",
    name: "Jackets",
    nouns: ["Shell Jacket", "Down Parka", "Rain Jacket", "Insulated Vest", "Fleece Jacket"],
    materials: ["recycled nylon", "waxed cotton", "ripstop", "responsibly sourced down"],
    use: "keeps wind and rain out on exposed ridges and wet city commutes",
    price: [120, 320],
    colours: ["#2f5d50", "#7a3b2e", "#1f3a5f", "#5c5c3d"],
  },
  {
    slug: "knitwear",
    name: "Knitwear",
    nouns: ["Crew Sweater", "Cardigan", "Quarter Zip", "Roll Neck", "Cable Knit"],
    materials: ["merino wool", "lambswool", "organic cotton", "alpaca blend"],
    use: "layers warmly under a shell or on its own by the fire",
    price: [60, 160],
    colours: ["#8c6d46", "#4d6a82", "#9a4e4e", "#6b7b5a"],
  },
  {
    slug: "shirts",
    name: "Shirts",
    nouns: ["Flannel Shirt", "Oxford Shirt", "Linen Shirt", "Chambray Shirt", "Trail Tee"],
    materials: ["brushed cotton", "linen", "hemp blend", "organic cotton"],
    use: "breathes on long days on the trail and looks sharp in town",
    price: [40, 95],
    colours: ["#b5643c", "#3e6e8e", "#c9a227", "#5b4b8a"],
  },
  {
    slug: "trousers",
    name: "Trousers",
    nouns: ["Hiking Pants", "Chinos", "Work Trousers", "Climbing Shorts", "Rain Pants"],
    materials: ["stretch canvas", "organic twill", "softshell", "ripstop"],
    use: "moves with you on scrambles and stands up to years of wear",
    price: [55, 140],
    colours: ["#4a4a4a", "#6e5a3c", "#2d4739", "#33415c"],
  },
  {
    slug: "footwear",
    name: "Footwear",
    nouns: ["Hiking Boots", "Trail Runners", "Camp Moccasins", "Winter Boots", "Approach Shoes"],
    materials: ["full-grain leather", "recycled mesh", "suede", "waterproof membrane"],
    use: "grips wet rock and stays comfortable mile after mile",
    price: [90, 240],
    colours: ["#5e3a1f", "#3b3b58", "#7d4f2a", "#2e4a3f"],
  },
  {
    slug: "bags",
    name: "Bags",
    nouns: ["Daypack", "Duffel", "Sling Bag", "Roll-Top Backpack", "Tote"],
    materials: ["waxed canvas", "recycled polyester", "waterproof nylon", "leather-trimmed canvas"],
    use: "carries a day's kit with room for a jacket and lunch",
    price: [35, 180],
    colours: ["#35524a", "#7c3a3a", "#2b3d5b", "#6d6a2f"],
  },
  {
    slug: "headwear",
    name: "Headwear",
    nouns: ["Beanie", "Sun Hat", "Trucker Cap", "Bucket Hat", "Balaclava"],
    materials: ["merino wool", "organic cotton", "recycled polyester", "waxed canvas"],
    use: "keeps the sun or the cold off when the weather turns",
    price: [22, 48],
    colours: ["#a23e48", "#2f6690", "#d08c2b", "#3a7d44"],
  },
  {
    slug: "camp-kitchen",
    name: "Camp kitchen",
    nouns: ["Enamel Mug", "Camp Stove", "Cook Set", "Coffee Press", "Spork Set"],
    materials: ["enamelled steel", "titanium", "stainless steel", "anodised aluminium"],
    use: "makes a hot breakfast at camp quick and easy",
    price: [18, 90],
    colours: ["#444b6e", "#9a7b4f", "#3c6e71", "#8e3b46"],
  },
  {
    slug: "sleep-shelter",
    name: "Sleep and shelter",
    nouns: ["Two-Person Tent", "Sleeping Bag", "Sleeping Pad", "Camp Pillow", "Hammock"],
    materials: ["ripstop nylon", "recycled down", "closed-cell foam", "silnylon"],
    use: "sets up in minutes and packs down small for the trail",
    price: [80, 480],
    colours: ["#2c5f2d", "#1b4965", "#7f5539", "#5a189a"],
  },
  {
    slug: "accessories",
    name: "Accessories",
    nouns: ["Wool Socks", "Insulated Gloves", "Water Bottle", "Headlamp", "Neck Gaiter"],
    materials: ["merino wool", "stainless steel", "recycled fleece", "aluminium"],
    use: "is the small thing you are glad to have packed",
    price: [12, 60],
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
  tags: string[];
  priceMinor: number;
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
        tags: [category.slug, slug(material), slug(adjective)],
        priceMinor: dollars * 100,
        colour: category.colours[made % category.colours.length] as string,
        imagePath: `/demo/products/${category.slug}-${made + 1}.svg`,
      });
      made++;
    }
  });
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

/** What a shopper did with one checkout, decided up front; how they react to emails is decided as they come. */
export type CheckoutEnding =
  /** Paid within the session: never abandoned. */
  | { kind: "COMPLETED"; afterMinutes: number }
  /** Left; may come back on their own later (whatever emails they get). */
  | { kind: "ABANDONED"; returnsOnOwnAfterMinutes: number | null };

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
  /** No checkout is created after this (the simulation's end, less time to be abandoned). */
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
      const first = cartLines(random, catalog);
      const updates = [{ afterMinutes: 0, lines: first }];
      if (random.chance(0.4)) {
        const more = cartLines(random, catalog).filter(
          (line) => !first.some((existing) => existing.product === line.product),
        );
        updates.push({ afterMinutes: random.int(2, 12), lines: [...first, ...more.slice(0, 1)] });
      }
      const lastUpdate = updates[updates.length - 1]?.afterMinutes ?? 0;
      const ending: CheckoutEnding = random.chance(0.34)
        ? { kind: "COMPLETED", afterMinutes: lastUpdate + random.int(2, 15) }
        : {
            kind: "ABANDONED",
            returnsOnOwnAfterMinutes: random.chance(0.06) ? random.int(3 * 60, 4 * 24 * 60) : null,
          };
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

/** How a shopper reacts to one recovery email (`emailKey` names it): the same on every run. */
export function reactionTo(
  shopper: DemoShopper,
  emailKey: string,
  step: number,
): { clicksAfterMinutes: number | null; ordersAfterClickMinutes: number | null; unsubscribes: boolean } {
  const random = createRandom(hashText(emailKey));
  const clickRate = [0.2, 0.16, 0.13, 0.1, 0.08][step - 1] ?? 0.08;
  const unsubscribes = random.chance(0.015);
  const clicks = !unsubscribes && random.chance(clickRate * shopper.responsiveness);
  const orders = clicks && random.chance(0.5);
  return {
    clicksAfterMinutes: clicks ? random.int(5, 6 * 60) : null,
    ordersAfterClickMinutes: orders ? random.int(3, 120) : null,
    unsubscribes,
  };
}
