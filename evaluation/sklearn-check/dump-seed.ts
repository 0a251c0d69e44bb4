import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalogs } from "../evaluate";
import { buildCarts } from "../metrics";
import { buildSeedIndex, recommendLikeSeed } from "../seed-recommender";

/**
 * npx tsx evaluation/sklearn-check/dump-seed.ts <slug> [carts]: writes the catalog, seeded carts and the
 * TypeScript seed's picks to /tmp/seed-<slug>.json, for seed_with_sklearn.py to redo with scikit-learn.
 */
const [slug = "magento-luma", cartCount = "500"] = process.argv.slice(2);
const evaluation = path.join(import.meta.dirname, "..");
const [loaded] = loadCatalogs(
  [
    { directory: path.join(evaluation, "catalogs"), isLocalOnly: false },
    { directory: path.join(evaluation, "catalogs-local"), isLocalOnly: true },
  ],
  slug,
);
if (!loaded) throw new Error(`no catalog ${slug}`);
const { catalog } = loaded;
const half = Math.floor(Number(cartCount) / 2);
const carts = buildCarts(catalog, [], { seed: 1, counts: { singleType: half, mixed: half, basket: 0 } });
const index = buildSeedIndex(catalog.products);
const file = `/tmp/seed-${slug}.json`;
writeFileSync(
  file,
  JSON.stringify({
    slug,
    products: catalog.products,
    carts: carts.map((cart) => ({
      cart: cart.productIds,
      picks: recommendLikeSeed(index, cart.productIds).map(({ id }) => id),
    })),
  }),
);
console.log(`wrote ${file}`);
