import fs from "node:fs";
import path from "node:path";
import { productImageSvg } from "./product-image";
import { buildCatalog } from "./world";

// `npm run demo:images`: (re)draws the demo catalog's pictures into public/demo/products.
const dir = path.resolve("public", "demo", "products");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const catalog = buildCatalog();
for (const product of catalog)
  fs.writeFileSync(path.join("public", product.imagePath), productImageSvg(product));
process.stdout.write(`wrote ${catalog.length} images to ${path.relative(process.cwd(), dir)}\n`);
