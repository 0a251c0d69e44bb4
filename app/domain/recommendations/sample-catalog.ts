import type { ProductFacts } from "~/domain/catalog/product-facts";
import { mulberry32 } from "~/lib/seeded-random";

/**
 * A generated shop catalog with known categories, for the recommendation evaluation, the benchmarks, tests and
 * the offline demo. Seeded, so the same options always give the same products.
 *
 * It is made to be hard in the ways real catalogs are: categories share words (coffee and tea, laptops and
 * headphones, running and yoga, camping and knitwear, green tea in skincare); titles carry colours and model
 * numbers, and over half carry a fashion-style name shared across categories ("The Marlow"), 15% with no
 * word of what the product is; 20% of products have no product type and 15% a catch-all one ("Accessories");
 * a quarter come from vendors selling across categories; tags include shop-wide ones ("sale", "gift") and
 * sometimes another category's; descriptions mix category facts with shop boilerplate and mentions of other
 * categories' products, and 15% are boilerplate only. Some names are accented ("Café Lumière", "Crème").
 *
 * `generateSampleCatalog()` with no options gives the demo's 200 products in 10 categories.
 */

export interface SampleProduct extends ProductFacts {
  /** The category the generator drew it from: the ground truth of the evaluation. */
  category: string;
}

export interface SampleCatalogOptions {
  seed?: number;
  /** At most SAMPLE_CATEGORIES.length (10). */
  categories?: number;
  productsPerCategory?: number;
  /** Products in each category, overriding productsPerCategory (a long tail of small categories). */
  categorySizes?: readonly number[];
  /** Shopify-like digit ids are counted up from here. */
  firstProductId?: number;
  currency?: string;
  /** Share of products that are drafts, archived, or not available for sale (each). */
  inactiveShare?: number;
}

interface CategorySpec {
  key: string;
  types: string[];
  nouns: string[];
  adjectives: string[];
  features: string[];
  tags: string[];
  vendors: string[];
  modelPrefixes: string[];
  /** Major units. */
  price: [number, number];
  /** The category whose words leak into this one's descriptions most. */
  sibling: string;
  extras?: string[];
}

const CATEGORIES: CategorySpec[] = [
  {
    key: "running",
    types: ["Running Shoes", "Trail Shoes"],
    nouns: ["running shoe", "trail runner", "racing flat", "road trainer", "sneaker"],
    adjectives: [
      "lightweight",
      "cushioned",
      "breathable",
      "responsive",
      "waterproof",
      "neutral",
      "stability",
    ],
    features: [
      "a responsive foam midsole",
      "a breathable engineered mesh upper",
      "a grippy rubber outsole",
      "an 8 mm heel-to-toe drop",
      "reflective details for early runs",
      "a padded heel collar",
      "a secure lace-up fit",
      "a rock plate for technical trails",
    ],
    tags: ["running", "marathon", "trail", "cushioning", "road-running"],
    vendors: ["Stride Labs", "Pacer Athletics", "Ridgeline Run"],
    modelPrefixes: ["RX", "GT", "Pace"],
    price: [80, 180],
    sibling: "yoga",
    extras: ["Built for everyday training and race day.", "A favourite for workouts and 10K races."],
  },
  {
    key: "yoga",
    types: ["Yoga Mats", "Yoga Accessories"],
    nouns: ["yoga mat", "yoga block", "yoga strap", "meditation cushion", "mat bag"],
    adjectives: ["non-slip", "extra thick", "eco-friendly", "cork", "natural rubber", "travel"],
    features: [
      "a non-slip textured surface",
      "6 mm of joint-friendly cushioning",
      "alignment lines for every pose",
      "natural tree rubber",
      "a carrying strap",
      "sweat-resistant closed-cell foam",
      "a cotton cover you can wash",
    ],
    tags: ["yoga", "pilates", "meditation", "stretching", "mindfulness"],
    vendors: ["Lotus Flow", "Asana Studio", "Zen Mountain"],
    modelPrefixes: ["Flow", "Om"],
    price: [20, 120],
    sibling: "running",
    extras: ["Made for home workouts and studio training.", "Your practice, grounded."],
  },
  {
    key: "laptops",
    types: ["Laptops", "Notebooks"],
    nouns: ["laptop", "ultrabook", "notebook computer", "2-in-1 laptop", "gaming laptop"],
    adjectives: ["thin", "powerful", "lightweight", "touchscreen", "OLED", "business"],
    features: [
      "an Intel Core i7 processor",
      "an Apple M2 chip",
      "16 GB of RAM",
      "a 1 TB NVMe SSD",
      "a 13.4-inch display",
      "up to 18 hours of battery life",
      "Thunderbolt 4 and USB-C ports",
      "an RTX 3080Ti graphics card",
      "a backlit keyboard",
    ],
    tags: ["laptop", "computer", "work-from-home", "windows", "macos"],
    vendors: ["Voltcore", "Pixelforge", "Nimbus Computing"],
    modelPrefixes: ["XPS", "ZenBook", "X1"],
    price: [700, 2800],
    sibling: "headphones",
    extras: ["Wireless and Bluetooth built in.", "Ready for work, study and play."],
  },
  {
    key: "headphones",
    types: ["Headphones", "Earbuds"],
    nouns: [
      "wireless headphones",
      "earbuds",
      "over-ear headphones",
      "noise-cancelling headset",
      "sport earbuds",
    ],
    adjectives: ["wireless", "noise-cancelling", "bluetooth", "studio", "foldable"],
    features: [
      "active noise cancellation",
      "40 mm dynamic drivers",
      "30 hours of battery life",
      "a USB-C fast-charging case",
      "Bluetooth 5.3 multipoint pairing",
      "plush memory-foam ear cushions",
      "a built-in microphone for calls",
      "a transparency mode",
    ],
    tags: ["audio", "music", "headphones", "bluetooth", "noise-cancelling"],
    vendors: ["Sonora", "Bassline Audio", "Echo Peak"],
    modelPrefixes: ["WH", "QC", "Pods"],
    price: [50, 450],
    sibling: "laptops",
    extras: ["Pairs with your phone, tablet or laptop.", "Sound for the commute and the office."],
  },
  {
    key: "coffee",
    types: ["Coffee Beans", "Ground Coffee"],
    nouns: ["coffee beans", "espresso blend", "single-origin coffee", "decaf roast", "cold brew blend"],
    adjectives: ["dark roast", "medium roast", "organic", "fair-trade", "house", "Ethiopian", "Colombian"],
    features: [
      "notes of chocolate and caramel",
      "bright citrus acidity",
      "a full body and a long finish",
      "beans roasted in small batches",
      "whole beans for the freshest cup",
      "a smooth crema for espresso",
      "arabica from high-altitude farms",
    ],
    tags: ["coffee", "espresso", "arabica", "roasted", "breakfast"],
    vendors: ["Ember Roasters", "Café Lumière", "Highland Beans"],
    modelPrefixes: ["Lot"],
    price: [12, 40],
    sibling: "tea",
    extras: ["Brew a better morning cup.", "Organic and ethically sourced."],
  },
  {
    key: "tea",
    types: ["Loose Leaf Tea", "Tea Bags"],
    nouns: ["green tea", "black tea", "herbal tea", "oolong tea", "chai blend", "matcha powder"],
    adjectives: ["organic", "loose-leaf", "caffeine-free", "ceremonial", "Earl Grey", "Darjeeling"],
    features: [
      "hand-picked leaves",
      "a delicate floral aroma",
      "steeping for 3 minutes at 80°C",
      "notes of honey and jasmine",
      "a resealable tin",
      "a calming blend of chamomile and mint",
      "leaves from first-flush harvests",
    ],
    tags: ["tea", "matcha", "herbal", "loose-leaf", "wellness"],
    vendors: ["Jade Leaf Co.", "Teahouse Kyoto", "Darjeeling & Co."],
    modelPrefixes: ["Lot"],
    price: [8, 45],
    sibling: "coffee",
    extras: ["Brew a calm morning cup.", "Organic and ethically sourced."],
  },
  {
    key: "skincare",
    types: ["Moisturizers", "Serums"],
    nouns: ["face moisturizer", "vitamin C serum", "night cream", "eye cream", "hydrating toner"],
    adjectives: ["hydrating", "fragrance-free", "brightening", "gentle", "anti-aging"],
    features: [
      "hyaluronic acid for deep hydration",
      "niacinamide to even skin tone",
      "SPF 30 broad-spectrum protection",
      "a formula suitable for sensitive skin",
      "dermatologist-tested ingredients",
      "green tea extract to soothe",
      "a lightweight non-greasy texture",
    ],
    tags: ["skincare", "beauty", "vegan", "cruelty-free", "hydration"],
    vendors: ["Lumière Skin", "Glow Theory", "Pure Dermal"],
    modelPrefixes: ["No."],
    price: [15, 90],
    sibling: "tea",
    extras: ["Your daily ritual, simplified.", "Gentle enough for every morning."],
  },
  {
    key: "cookware",
    types: ["Cookware", "Skillets"],
    nouns: [
      "cast iron skillet",
      "nonstick frying pan",
      "stainless saucepan",
      "dutch oven",
      "carbon steel wok",
    ],
    adjectives: ["pre-seasoned", "nonstick", "induction-ready", "tri-ply", "enameled"],
    features: [
      "even heat distribution",
      "an oven-safe design up to 260°C",
      "a stay-cool handle",
      "a PFOA-free nonstick coating",
      "support for gas, electric and induction hobs",
      "a tight-fitting lid",
      "a pour spout on each side",
    ],
    tags: ["kitchen", "cooking", "cookware", "chef", "induction"],
    vendors: ["Forge & Flame", "Cuisine Pro", "Ironwood Kitchen"],
    modelPrefixes: ["Pro"],
    price: [30, 300],
    sibling: "coffee",
    extras: ["From weeknight dinners to slow Sunday roasts.", "A kitchen essential."],
  },
  {
    key: "camping",
    types: ["Tents", "Sleeping Bags"],
    nouns: ["backpacking tent", "sleeping bag", "camping hammock", "trekking poles", "sleeping pad"],
    adjectives: ["ultralight", "waterproof", "4-season", "packable", "insulated"],
    features: [
      "a waterproof ripstop nylon shell",
      "a comfort rating of -5°C",
      "a quick-pitch aluminium frame",
      "a compact stuff sack",
      "taped seams against the rain",
      "room for two adults",
      "synthetic insulation that stays warm when wet",
    ],
    tags: ["camping", "hiking", "outdoor", "backpacking", "adventure"],
    vendors: ["Björn Outdoor", "Summit Trail", "Wildpath"],
    modelPrefixes: ["UL", "Trek"],
    price: [40, 600],
    sibling: "knitwear",
    extras: ["Stay warm on cold nights outdoors.", "Tested on alpine treks."],
  },
  {
    key: "knitwear",
    types: ["Sweaters", "Cardigans"],
    nouns: ["merino sweater", "cable-knit cardigan", "wool beanie", "turtleneck", "fleece pullover"],
    adjectives: ["merino wool", "chunky", "cashmere-blend", "ribbed", "cozy"],
    features: [
      "soft merino wool that regulates temperature",
      "a relaxed fit",
      "ribbed cuffs and hem",
      "a machine-washable wool-cycle finish",
      "naturally odour-resistant fibres",
      "yarn knitted in Portugal",
      "a brushed inner face",
    ],
    tags: ["knitwear", "wool", "winter", "sweater", "apparel"],
    vendors: ["Wool & Pine", "Nordlys Knits", "Heritage Loom"],
    modelPrefixes: ["Style"],
    price: [45, 260],
    sibling: "camping",
    extras: ["Stay warm on cold days outdoors.", "Tricoté au Portugal, pensé pour durer."],
  },
];

export const SAMPLE_CATEGORIES: readonly string[] = CATEGORIES.map((category) => category.key);

const CATCH_ALL_TYPES = ["Accessories", "Gifts", "Bundles"];
const NAMES = [
  "Aurora",
  "Marlow",
  "Summit",
  "Nova",
  "Atlas",
  "Echo",
  "Harbor",
  "Willow",
  "Ember",
  "Drift",
  "Halo",
];
const SHARED_ADJECTIVES = [
  "lightweight",
  "classic",
  "essential",
  "premium",
  "everyday",
  "compact",
  "waterproof",
  "organic",
  "signature",
];
const SHARED_VENDORS = ["Northwind Goods", "Acme Supply", "Maison Générale"];
const SHOP_TAGS = ["sale", "new", "gift", "bestseller", "limited-edition", "summer", "holiday"];
const COLOURS = ["Black", "Navy", "Olive", "Sand", "Charcoal", "Forest Green", "Crème"];
const BOILERPLATE = [
  "Free shipping on orders over $50.",
  "Backed by our 30-day satisfaction guarantee.",
  "Makes a perfect gift for friends and family.",
  "Designed in our studio and built to last.",
  "Premium quality you can feel every day.",
  "Ships within two business days.",
  "Join thousands of happy customers.",
];

/** mulberry32: a small, fast, well-distributed seeded generator; plenty for sampling test data. */
export const createRandom = mulberry32;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const titleCase = (text: string) => text.split(" ").map(capitalize).join(" ");
const slugify = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export function generateSampleCatalog(options: SampleCatalogOptions = {}): SampleProduct[] {
  const {
    seed = 42,
    categories = 10,
    productsPerCategory = 20,
    firstProductId = 7_000_000_000_001,
    currency = "USD",
    inactiveShare = 0.03,
  } = options;
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (probability: number) => random() < probability;
  const specs = CATEGORIES.slice(0, Math.min(Math.max(categories, 1), CATEGORIES.length));
  const byKey = new Map(CATEGORIES.map((category) => [category.key, category]));
  const updatedAt = new Date("2026-11-01T00:00:00Z").getTime();

  // Categories are interleaved, so neither ids nor load order give a category away.
  const sizes = specs.map((_, category) => options.categorySizes?.[category] ?? productsPerCategory);
  const order: CategorySpec[] = [];
  for (let round = 0; round < Math.max(0, ...sizes); round++) {
    specs.forEach((spec, category) => {
      if (round < (sizes[category] as number)) order.push(spec);
    });
  }

  const products: SampleProduct[] = [];
  for (const [index, spec] of order.entries()) {
    const sibling = byKey.get(spec.sibling) as CategorySpec;
    const productId = String(firstProductId + index);
    const noun = pick(spec.nouns);
    const adjective = chance(0.7) ? pick(spec.adjectives) : pick(SHARED_ADJECTIVES);
    const style = random();
    // Fashion-style names ("The Marlow") say nothing about the product; type, tags and description must.
    const head =
      style < 0.45
        ? `${titleCase(adjective)} ${titleCase(noun)}`
        : style < 0.75
          ? `The ${pick(NAMES)}${chance(0.5) ? ` ${titleCase(noun)}` : ""}`
          : `${pick(NAMES)} ${titleCase(noun)}`;
    const model = chance(0.4) ? ` ${pick(spec.modelPrefixes)}-${1 + Math.floor(random() * 99)}` : "";
    const colour = chance(0.35) ? `${pick(COLOURS)} ` : "";
    const title = `${colour}${head}${model}`;

    const productType = chance(0.2) ? null : chance(0.15 / 0.8) ? pick(CATCH_ALL_TYPES) : pick(spec.types);
    const vendor = chance(0.25) ? pick(SHARED_VENDORS) : pick(spec.vendors);

    const tags = new Set<string>();
    for (let count = Math.floor(random() * 4); count > 0; count--) tags.add(pick(spec.tags));
    for (let count = Math.floor(random() * 3); count > 0; count--) tags.add(pick(SHOP_TAGS));
    if (chance(0.2)) tags.add(pick(sibling.tags));

    const sentences: string[] = [];
    // Some merchants paste the same shop-wide text under every product.
    if (chance(0.85)) {
      const features = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        chance(0.8) ? pick(spec.features) : pick(sibling.features),
      );
      const last = features.pop() as string;
      const list = features.length > 0 ? `${features.join(", ")} and ${last}` : last;
      sentences.push(`${capitalize(chance(0.5) ? noun : `this ${adjective} design`)} with ${list}.`);
      if (spec.extras && chance(0.5)) sentences.push(pick(spec.extras));
    }
    sentences.push(pick(BOILERPLATE));
    if (chance(0.6)) sentences.push(pick(BOILERPLATE));
    if (chance(0.35))
      sentences.push(`Pairs perfectly with our ${pick(sibling.adjectives)} ${pick(sibling.nouns)}.`);
    if (chance(0.15)) sentences.push(`Customers also love our ${pick(pick(CATEGORIES).nouns)}.`);

    const [low, high] = spec.price;
    const priceMin = Math.round((low + random() * (high - low)) * 100);
    const priceMax = chance(0.3) ? priceMin + Math.round(random() * (high - low) * 20) : priceMin;
    const inactive = random();

    products.push({
      category: spec.key,
      productId,
      handle: `${slugify(title)}-${productId.slice(-6)}`,
      title,
      description: sentences.join(" "),
      productType,
      vendor,
      tags: [...tags],
      status: inactive < inactiveShare ? "DRAFT" : inactive < 2 * inactiveShare ? "ARCHIVED" : "ACTIVE",
      currency,
      priceMinMinor: priceMin,
      priceMaxMinor: priceMax,
      imageUrl: `https://cdn.example.com/products/${productId}.jpg`,
      availableForSale: !(inactive >= 2 * inactiveShare && inactive < 3 * inactiveShare),
      shopifyUpdatedAt: new Date(updatedAt + index * 1000),
    });
  }
  return products;
}
