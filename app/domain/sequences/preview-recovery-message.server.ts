import { prisma } from "~/db.server";
import { CheckoutLineSchema, priceCheckoutLines, type CheckoutLine } from "~/domain/checkouts";
import { getDefaultGeminiClient } from "~/domain/copy";
import { pickTier } from "~/domain/discounts";
import { composeRecoveryEmail, type ComposedEmail } from "~/domain/email";
import type { ContentVariant, EmailTemplate, RecoveryMessage } from "~/domain/messages";
import { getRecommendations } from "~/domain/recommendations";
import { DEVELOPMENT_SENDER, type Transport } from "~/domain/sending";
import { AppError } from "~/lib/app-error";
import { decryptField } from "~/lib/encryption.server";
import { env } from "~/lib/env.server";
import { formatMoney } from "~/lib/money";
import {
  DEFAULT_SEGMENT_ID,
  listSegments,
  strategyFromSettings,
  type SegmentStrategy,
} from "~/domain/segments";
import { chooseContent } from "./content-variants";
import { loadEnrollmentSequences } from "./enrollment-sequence.server";
import { loadShopContext, type ShopContext } from "./shop-context.server";

/**
 * Previews and test sends render the real template with the real composer, for a checkout of the shop or a
 * sample cart made from its catalog. They never touch Shopify or the sequence: the offer shows placeholder
 * codes (no discount is created), links lead nowhere, and nothing is recorded as sent.
 */

export const PREVIEW_CODE = "CB-PREVIEW";
const SAMPLE_EMAIL = "shopper@example.com";

export interface PreviewRequest {
  checkoutId: string | null;
  /** Whose sequence: a segment's id or "default" (Everyone else); a checkout in a sequence shows its own. */
  segmentId?: string | null;
  step: number;
  /** Which of the step's content variants to show; none: the one the checkout (or a sample) draws. */
  variant?: ContentVariant | null;
  /** The design to render the email in, whatever the step's; none: the step's own. */
  template?: EmailTemplate | null;
  aiCopy: boolean;
}

/**
 * The sequence a preview shows: a chosen checkout's own pinned version when it is in a sequence (what that
 * shopper gets), else the chosen segment's current strategy, else Everyone else's (the settings).
 */
export async function previewSequence(
  context: Pick<ShopContext, "shop" | "settings">,
  request: Pick<PreviewRequest, "checkoutId" | "segmentId">,
): Promise<SegmentStrategy> {
  if (request.checkoutId) {
    const enrollment = await prisma.enrollment.findFirst({
      where: { shop: context.shop, checkoutId: request.checkoutId },
      select: { sequenceVersionId: true },
    });
    if (enrollment?.sequenceVersionId)
      return (await loadEnrollmentSequences(context, [enrollment.sequenceVersionId]))(
        enrollment.sequenceVersionId,
      );
  }
  if (request.segmentId && request.segmentId !== DEFAULT_SEGMENT_ID) {
    const segment = (await listSegments(context.shop)).find(
      (candidate) => candidate.id === request.segmentId,
    );
    if (!segment) throw new AppError("NOT_FOUND", "segment not found");
    return segment.strategy;
  }
  return strategyFromSettings(context.settings);
}

async function sampleLines(shop: string, currency: string): Promise<CheckoutLine[]> {
  const products = await prisma.product.findMany({
    where: { shop, status: "ACTIVE", availableForSale: true },
    orderBy: { updatedAt: "desc" },
    take: 2,
    select: { productId: true, title: true, priceMinMinor: true, imageUrl: true, currency: true },
  });
  if (products.length === 0) {
    return [
      {
        productId: null,
        variantId: null,
        title: "Sample product",
        variantTitle: null,
        quantity: 1,
        unitPriceMinor: 4900,
        linePriceMinor: 4900,
        sku: null,
        imageUrl: null,
      },
    ];
  }
  return products.map((product, index) => ({
    productId: product.productId,
    variantId: null,
    title: product.title,
    variantTitle: null,
    quantity: index + 1,
    unitPriceMinor: product.currency === currency ? product.priceMinMinor : 4900,
    linePriceMinor: (index + 1) * (product.currency === currency ? product.priceMinMinor : 4900),
    sku: null,
    imageUrl: product.imageUrl,
  }));
}

export async function buildPreviewMessage(
  shop: string,
  request: PreviewRequest,
  { now }: { now: Date },
): Promise<RecoveryMessage> {
  const context = await loadShopContext(shop);
  if (!context) throw new AppError("NOT_FOUND", "shop not found");
  const sequence = await previewSequence(context, request);
  const step = sequence.steps[request.step - 1];
  if (!step) throw new AppError("BAD_REQUEST", `the sequence has ${sequence.steps.length} steps`);
  const checkout = request.checkoutId
    ? await prisma.checkout.findFirst({
        where: { id: request.checkoutId, shop },
        select: {
          id: true,
          token: true,
          email: true,
          firstName: true,
          locale: true,
          currency: true,
          lineItems: true,
        },
      })
    : null;
  if (request.checkoutId && !checkout) throw new AppError("NOT_FOUND", "checkout not found");
  const currency = checkout?.currency ?? context.currency;
  const lines = checkout
    ? CheckoutLineSchema.array().parse(JSON.parse(checkout.lineItems))
    : await sampleLines(shop, currency);
  const subtotalMinor = lines.reduce((sum, line) => sum + line.linePriceMinor, 0);
  // The requested variant is shown as if it had been promoted; a variant the step does not have is refused.
  if (request.variant && request.variant !== "A" && !step.variants[request.variant === "B" ? 0 : 1])
    throw new AppError("BAD_REQUEST", `step ${request.step} has no variant ${request.variant}`);
  const { content, variant } = chooseContent(step, {
    shop,
    checkoutToken: checkout?.token ?? "preview",
    stepNumber: request.step,
    segmentId: request.segmentId ?? DEFAULT_SEGMENT_ID,
    winnerOf: () => request.variant ?? undefined,
  });
  const { subject } = content;
  const tier =
    content.offer && currency === context.currency ? pickTier(sequence.tiers, subtotalMinor) : null;
  const money = (amountMinor: number) => ({ amountMinor, currency });
  return {
    channel: "email",
    shop,
    shopName: context.name,
    shopAddress: context.address,
    timezone: context.timezone,
    storefrontUrl: context.storefrontUrl,
    to: (checkout && decryptField(shop, checkout.email)) || SAMPLE_EMAIL,
    firstName: checkout ? decryptField(shop, checkout.firstName) : "Alex",
    locale: checkout?.locale ?? null,
    checkoutId: checkout?.id ?? "preview",
    enrollmentId: "preview",
    sendId: "preview",
    step: request.step,
    stepCount: sequence.steps.length,
    subject,
    subjectVariant: variant,
    template: request.template ?? content.template,
    tone: content.tone,
    lines: priceCheckoutLines(lines, currency),
    subtotal: money(subtotalMinor),
    offer: tier
      ? {
          codes: [
            ...(tier.percentOff > 0 ? [PREVIEW_CODE] : []),
            ...(tier.freeShipping ? [`${PREVIEW_CODE}-SHIP`] : []),
          ],
          percentOff: tier.percentOff,
          freeShipping: tier.freeShipping,
          expiresAt: new Date(now.getTime() + sequence.codeLifetimeHours * 3_600_000),
          minimumSubtotal: money(tier.minimumSubtotalMinor),
        }
      : null,
    // A preview's links must not be clickable by the merchant: they would act on the shopper's behalf.
    links: { recovery: "#recovery-link-preview", unsubscribe: "#unsubscribe-preview" },
    sender: { ...context.settings.sender, replyTo: context.settings.sender.replyTo ?? context.contactEmail },
    aiCopy: request.aiCopy,
  };
}

export async function renderPreview(
  message: RecoveryMessage,
  { now }: { now: Date },
): Promise<ComposedEmail> {
  return composeRecoveryEmail(message, {
    emailFrom: env.EMAIL_FROM ?? DEVELOPMENT_SENDER,
    recommend: getRecommendations,
    ai: message.aiCopy ? getDefaultGeminiClient() : null,
    now,
  });
}

/** Sends the rendered preview to the merchant's own address, marked as a test; nothing is recorded. */
export async function sendTestEmail(
  shop: string,
  email: ComposedEmail,
  { transport, now }: { transport: Transport; now: Date },
): Promise<{ ok: true; to: string } | { ok: false; reason: string }> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { contactEmail: true } });
  if (!row?.contactEmail)
    return { ok: false, reason: "The shop has no contact email in Shopify to send the test to." };
  const result = await transport.deliver(
    {
      ...email,
      to: row.contactEmail,
      subject: `[Test] ${email.subject}`,
      headers: {},
      tags: [...email.tags, { name: "test", value: "true" }],
    },
    { idempotencyKey: `cartback-test:${shop}:${now.getTime()}`, now, shop },
  );
  return result.ok ? { ok: true, to: row.contactEmail } : { ok: false, reason: result.reason };
}

/** Recent checkouts with an address, to pick one for the preview (the address is shown masked). */
export async function listPreviewCheckouts(shop: string): Promise<Array<{ id: string; label: string }>> {
  const rows = await prisma.checkout.findMany({
    where: { shop, email: { not: null }, redactedAt: null },
    orderBy: { shopifyUpdatedAt: "desc" },
    take: 25,
    select: { id: true, email: true, totalMinor: true, currency: true, shopifyUpdatedAt: true },
  });
  return rows.map((row) => {
    const email = decryptField(shop, row.email) ?? "";
    const [user = "", domain = ""] = email.split("@");
    const masked = `${user.slice(0, 1)}***@${domain}`;
    const value = formatMoney({ amountMinor: row.totalMinor, currency: row.currency });
    return { id: row.id, label: `${masked} · ${value} · ${row.shopifyUpdatedAt.toISOString().slice(0, 10)}` };
  });
}
