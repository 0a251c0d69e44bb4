import type { DemoProduct } from "./world";

/**
 * The demo catalog's product pictures: a flat drawing per category on the product's colour, with its name.
 * Generated once into public/demo/products by `npm run demo:images` (a test keeps them in step).
 */

const GLYPHS: Record<string, string> = {
  jackets:
    '<path d="M150 110 L200 130 L250 110 L300 150 L280 190 L260 180 L260 300 L140 300 L140 180 L120 190 L100 150 Z"/>',
  knitwear:
    '<path d="M140 120 L260 120 L310 170 L285 200 L260 180 L260 300 L140 300 L140 180 L115 200 L90 170 Z"/><path d="M140 280 L260 280" stroke-dasharray="8 6"/>',
  shirts:
    '<path d="M150 115 L185 130 L200 150 L215 130 L250 115 L300 160 L275 190 L255 175 L255 300 L145 300 L145 175 L125 190 L100 160 Z"/><path d="M200 150 L200 300"/>',
  trousers: '<path d="M140 100 L260 100 L275 310 L215 310 L200 170 L185 310 L125 310 Z"/>',
  footwear:
    '<path d="M110 250 L110 160 L170 160 L190 210 L280 225 Q310 235 300 270 L110 270 Z"/><path d="M110 255 L300 255"/>',
  bags: '<rect x="120" y="150" width="160" height="150" rx="18"/><path d="M160 150 Q160 100 200 100 Q240 100 240 150"/><path d="M120 200 L280 200"/>',
  headwear:
    '<path d="M120 240 Q120 130 200 130 Q280 130 280 240 Z"/><rect x="110" y="235" width="180" height="30" rx="8"/>',
  "camp-kitchen":
    '<rect x="130" y="140" width="120" height="150" rx="14"/><path d="M250 170 Q305 170 305 215 Q305 260 250 260"/>',
  "sleep-shelter":
    '<path d="M200 110 L320 290 L80 290 Z"/><path d="M200 110 L200 290 M170 290 L200 200 L230 290"/>',
  accessories: '<circle cx="200" cy="200" r="80"/><path d="M200 120 L200 90 M170 95 L230 95"/>',
};

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function productImageSvg(product: DemoProduct): string {
  const glyph = GLYPHS[product.category.slug] ?? GLYPHS.accessories;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${escapeXml(product.title)}">
<rect width="400" height="400" fill="${product.colour}"/>
<g fill="rgba(255,255,255,0.16)" stroke="#fff" stroke-width="6" stroke-linejoin="round" stroke-linecap="round">${glyph}</g>
<text x="200" y="360" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="24" font-weight="600" fill="#fff">${escapeXml(product.title)}</text>
</svg>
`;
}
