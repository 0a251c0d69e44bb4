import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { renderRecoveryEmail } from "../app/domain/email/render-recovery-email.server";
import type { RecoveryEmailModel } from "../app/domain/email/recovery-email-model";
import { EMAIL_TEMPLATES, type EmailTemplate } from "../app/domain/messages/recovery-message";
import { writeResult } from "./lib";

/**
 * npx tsx bench/render.ts [--time 5000]
 *
 * The recovery email as the engine renders it for every send: the react-email template (HTML) and the plain
 * text, with 3 cart lines, an offer with two codes and 3 recommendations, in each of the four designs (the
 * note shows no recommendations). Measured with tinybench after its warm-up, one task per design for --time
 * ms each: p50/p99 per render, and renders per second. Target on 2 cores: p99 <= 15 ms for every design.
 * Results go to bench-results/render.json.
 */

export const RENDER_TARGET_P99_MS = 15;

export function benchmarkModel(template: EmailTemplate = "PRODUCT"): RecoveryEmailModel {
  const line = (index: number) => ({
    title: `Alpine Shell Jacket ${index}`,
    variant: "Forest / M",
    quantity: "Qty 1",
    price: "$189.00",
    imageUrl: `https://cdn.shopify.com/s/files/1/jacket-${index}.jpg`,
  });
  return {
    template,
    lang: "en",
    title: "Your cart is waiting, with a little something extra",
    preheader: "Enjoy 10% off and free shipping on the items you picked.",
    shopName: "Northwind Outfitters",
    logoUrl: "https://cdn.shopify.com/s/files/1/logo.png",
    accentColor: "#008060",
    opening:
      "Hi Jane, you left “Alpine Shell Jacket” in your cart at Northwind Outfitters. Enjoy 10% off until Friday.",
    cartHeading: "Your cart",
    lines: [line(1), line(2), line(3)],
    subtotalLabel: "Subtotal",
    subtotal: "$567.00",
    offer: {
      headline: "10% off your order + free shipping",
      codeLabel: "Your codes",
      codes: [
        { code: "CB-F5QXU2KT", gives: "10% off your order" },
        { code: "CB-F5QXU2KT-SHIP", gives: "Free shipping on your order" },
      ],
      expiry: "Valid until Nov 23, 2026, 7:31 PM EST",
      minimum: "On orders of $100.00 or more",
    },
    ctaLabel: "Return to your cart",
    ctaUrl: "https://cartback.example.com/r/token",
    recommendations: {
      heading: "You might also like",
      items: [1, 2, 3].map((index) => ({
        title: `Summit Beanie ${index}`,
        price: "$34.00",
        imageUrl: `https://cdn.shopify.com/s/files/1/beanie-${index}.jpg`,
        url: `https://northwind.example/products/beanie-${index}?utm_source=cartback`,
      })),
    },
    signOff: "— The team at Northwind Outfitters",
    footer: {
      reason: "You are receiving this email because you started a checkout at Northwind Outfitters.",
      address: "12 Harbour Street, Portland ME 04101, United States",
      unsubscribeLabel: "Unsubscribe from cart reminders",
      unsubscribeUrl: "https://cartback.example.com/unsubscribe/token",
    },
  };
}

export interface TemplateRenderResult {
  template: EmailTemplate;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  rendersPerSecond: number;
  meetsTarget: boolean;
}

export interface RenderBenchResult {
  templates: TemplateRenderResult[];
  targetP99Ms: number;
  /** Every design's p99 within the target. */
  meetsTarget: boolean;
}

export async function runRenderBench({
  timeMs = 5_000,
  warmupTimeMs = 1_000,
} = {}): Promise<RenderBenchResult> {
  const bench = new Bench({ time: timeMs, warmupTime: warmupTimeMs });
  for (const template of EMAIL_TEMPLATES) {
    const model = benchmarkModel(template);
    bench.add(template, async () => {
      await renderRecoveryEmail(model);
    });
  }
  await bench.run();
  const templates = EMAIL_TEMPLATES.map((template): TemplateRenderResult => {
    const result = bench.getTask(template)?.result;
    if (!result || !("latency" in result)) throw new Error(`the ${template} render produced no result`);
    const latency = result.latency;
    const p99 = latency.p99 ?? latency.max;
    return {
      template,
      samples: latency.samplesCount,
      p50Ms: round(latency.p50 ?? latency.mean),
      p99Ms: round(p99),
      meanMs: round(latency.mean),
      rendersPerSecond: Math.round(result.throughput.mean),
      meetsTarget: p99 <= RENDER_TARGET_P99_MS,
    };
  });
  return {
    templates,
    targetP99Ms: RENDER_TARGET_P99_MS,
    meetsTarget: templates.every((result) => result.meetsTarget),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf("--time");
  const timeMs = index >= 0 ? Number(process.argv[index + 1]) : 5_000;
  const result = await runRenderBench({ timeMs });
  const file = writeResult("render", result);
  for (const design of result.templates) {
    process.stdout.write(
      `email render, ${design.template}: p50 ${design.p50Ms} ms, p99 ${design.p99Ms} ms (target <= ${result.targetP99Ms} ms: ${design.meetsTarget ? "met" : "MISSED"}), ${design.rendersPerSecond}/s over ${design.samples} renders\n`,
    );
  }
  process.stdout.write(`-> ${file}\n`);
}
