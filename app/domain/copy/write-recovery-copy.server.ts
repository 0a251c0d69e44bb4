import { createHash } from "node:crypto";
import { logger as appLogger, type Logger } from "~/lib/logger.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { checkCopyGuardrails } from "./check-copy-guardrails";
import { gatherCopyFacts, type CopyCheckContext, type CopyFacts } from "./copy-facts";
import { buildCopyPrompt } from "./copy-prompt";
import { FIRST_NAME_PLACEHOLDER, OFFER_EXPIRY_PLACEHOLDER, type AiCopy } from "./copy-schema";
import { generateAiCopy, type AiCopyFailureCode } from "./generate-ai-copy.server";
import { getDefaultGeminiClient, type GeminiClientLike } from "./gemini-client.server";
import { displayFirstName, type RecoveryCopy, type RecoveryCopyInput } from "./recovery-copy";
import { templateCopy } from "./template-copy";

/** Why template copy was used. */
export type CopyFallbackCode = "AI_DISABLED" | "NO_API_KEY" | AiCopyFailureCode | "GUARDRAIL";

export interface WriteRecoveryCopyResult {
  copy: RecoveryCopy;
  source: "AI" | "TEMPLATE";
  fallbackCode?: CopyFallbackCode;
  /** "GUARDRAIL: PERCENT opening: 20% but the offer is 10%". Never holds the shopper's name or address. */
  fallbackReason?: string;
}

export interface WriteRecoveryCopyOptions {
  /** The Gemini client; null means none (no key). Defaults to the one built from the environment. */
  ai?: GeminiClientLike | null;
  now: Date;
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * AI answers are cached by the facts the model saw: shop, model, cart titles and quantities, step and step
 * count, language and locale, the tone (which also picks the instructions), the offer's terms, whether a name
 * and recommendations are shown. The facts hold no personal data: the model writes {firstName} and
 * {offerExpiry} placeholders that are filled in per email, so one answer serves every shopper with the same
 * cart (whose codes each expire at their own minute), and neither Google nor this cache ever holds a
 * shopper's name. Only answers that passed the guardrails are cached; a failure is retried on the next email.
 */
const CACHE_TTL_MS = 6 * 60 * 60 * 1000;
const copyCache = createTtlCache<string, AiCopy>({ ttlMs: CACHE_TTL_MS, maxEntries: 5_000 });

/**
 * The copy of one recovery email: Gemini's when the shop allows AI copy, a key is configured, the answer
 * arrives in time and passes every guardrail; the templates' otherwise. Never throws for a vendor problem.
 */
export async function writeRecoveryCopy(
  input: RecoveryCopyInput,
  options: WriteRecoveryCopyOptions,
): Promise<WriteRecoveryCopyResult> {
  const now = options.now.getTime();
  const log = (options.logger ?? appLogger).child({
    shop: input.shop,
    unit: "recovery-copy",
    step: input.step,
  });

  const fallback = (code: CopyFallbackCode, detail: string): WriteRecoveryCopyResult => {
    const fallbackReason = `${code}: ${detail}`;
    // The merchant's choice and a missing key are configuration; the rest means Gemini let us down.
    const level = code === "AI_DISABLED" || code === "NO_API_KEY" ? "info" : "warn";
    log[level]({ code, reason: fallbackReason, locale: input.locale }, "recovery copy from the templates");
    return { copy: templateCopy(input), source: "TEMPLATE", fallbackCode: code, fallbackReason };
  };

  if (!input.aiEnabled) return fallback("AI_DISABLED", "AI copy is switched off for this shop");
  const ai = options.ai === undefined ? getDefaultGeminiClient() : options.ai;
  if (!ai) return fallback("NO_API_KEY", "GEMINI_API_KEY is not set");

  const context = gatherCopyFacts(input);
  const key = cacheKeyOf(input.shop, ai.model, context.facts);
  const cached = copyCache.get(key, now);
  if (cached) return { copy: personalize(cached, input, context), source: "AI" };

  const result = await generateAiCopy(ai, buildCopyPrompt(context.facts), { timeoutMs: options.timeoutMs });
  if (!result.ok) return fallback(result.code, result.reason);
  const verdict = checkCopyGuardrails(result.copy, context);
  if (!verdict.ok) return fallback("GUARDRAIL", `${verdict.rule} ${verdict.detail}`);

  copyCache.set(key, result.copy, now);
  log.debug({ model: ai.model }, "recovery copy from Gemini");
  return { copy: personalize(result.copy, input, context), source: "AI" };
}

function cacheKeyOf(shop: string, model: string, facts: CopyFacts): string {
  return createHash("sha256").update(JSON.stringify({ shop, model, facts })).digest("base64url");
}

/** The placeholders become this email's name and expiry; the guardrails let each through only when it exists. */
function personalize(copy: AiCopy, input: RecoveryCopyInput, context: CopyCheckContext): RecoveryCopy {
  const name = displayFirstName(input.firstName) ?? "";
  const expiry = context.expiryText ?? "";
  const fill = (text: string) =>
    text.split(FIRST_NAME_PLACEHOLDER).join(name).split(OFFER_EXPIRY_PLACEHOLDER).join(expiry);
  return {
    subject: fill(copy.subject),
    preheader: fill(copy.preheader),
    opening: fill(copy.opening),
    recommendationsIntro: input.hasRecommendations ? fill(copy.recommendationsIntro) : null,
  };
}
