import { delay, http, HttpResponse, type HttpHandler } from "msw";

/**
 * The Gemini Developer API (Generative Language API), mocked at the HTTP level for tests and the offline
 * demo. @google/genai posts to
 *   https://generativelanguage.googleapis.com/v1beta/models/<model>:generateContent
 * with the key in the x-goog-api-key header. Every request is recorded (model, key, system instruction,
 * user prompt, generation config) so a test can read the prompt or assert that none was made. By default
 * the answer is realistic copy built from the prompt's facts that passes the guardrails; a test programs
 * another answer with mockGemini* until resetGeminiMock() (call it in afterEach).
 */

export const GEMINI_GENERATE_CONTENT_URL =
  "https://generativelanguage.googleapis.com/:apiVersion/models/:modelAction";

export interface GeminiCall {
  apiVersion: string;
  model: string;
  apiKey: string | null;
  systemInstruction: string;
  /** The user turn's text: the instructions for this email and the <facts> block. */
  prompt: string;
  /** The <facts> JSON parsed, or null when the prompt has none. */
  facts: Record<string, unknown> | null;
  generationConfig: Record<string, unknown>;
}

/** Answers a call: a generateContent response body, or a Response (errors, odd bodies). */
export type GeminiResolver = (call: GeminiCall) => unknown | Response | Promise<unknown | Response>;

export const geminiCalls: GeminiCall[] = [];
let override: GeminiResolver | null = null;

/** A generateContent answer whose only part is `text`, as Gemini sends structured output. */
export function geminiTextAnswer(text: string, finishReason = "STOP") {
  return {
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason, index: 0 }],
    usageMetadata: { promptTokenCount: 900, candidatesTokenCount: 120, totalTokenCount: 1020 },
    modelVersion: "gemini-mock",
  };
}

/** Google's error shape for a failed request. */
export function geminiErrorAnswer(status: number, message = "Internal error encountered.") {
  const statusName: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
  };
  return HttpResponse.json(
    { error: { code: status, message, status: statusName[status] ?? "UNKNOWN" } },
    { status },
  );
}

/** Answers every call with `resolver` until resetGeminiMock(). */
export function mockGemini(resolver: GeminiResolver) {
  override = resolver;
}

/** Answers with this copy as JSON; fields left out come from the default answer for the call's facts. */
export function mockGeminiCopy(
  copy: Partial<Record<"subject" | "preheader" | "opening" | "recommendationsIntro", string>>,
) {
  mockGemini((call) => geminiTextAnswer(JSON.stringify({ ...defaultCopyFor(call.facts), ...copy })));
}

export function mockGeminiText(text: string) {
  mockGemini(() => geminiTextAnswer(text));
}

export function mockGeminiError(status: number, message?: string) {
  mockGemini(() => geminiErrorAnswer(status, message));
}

/** Answers (with the default answer, or `then`) only after `ms` milliseconds. */
export function mockGeminiDelay(ms: number, then?: GeminiResolver) {
  mockGemini(async (call) => {
    await delay(ms);
    return then ? then(call) : geminiTextAnswer(JSON.stringify(defaultCopyFor(call.facts)));
  });
}

export function resetGeminiMock() {
  override = null;
  geminiCalls.length = 0;
}

interface Facts {
  shopName?: unknown;
  language?: unknown;
  greetByName?: unknown;
  cart?: Array<{ title?: unknown }>;
  offer?: { percentOff?: unknown; freeShipping?: unknown } | null;
  showsRecommendations?: unknown;
}

/**
 * What a well-behaved model writes for these facts, in English or French (other languages get English):
 * placeholders for the name and the expiry, the real offer terms only, no numbers beyond them.
 */
export function defaultCopyFor(rawFacts: Record<string, unknown> | null) {
  const facts = (rawFacts ?? {}) as Facts;
  const french = facts.language === "French";
  const shop = typeof facts.shopName === "string" ? facts.shopName : "our shop";
  const title = typeof facts.cart?.[0]?.title === "string" ? facts.cart[0].title : null;
  const byName = facts.greetByName === true;
  const percent = typeof facts.offer?.percentOff === "number" ? facts.offer.percentOff : null;
  const freeShipping = facts.offer?.freeShipping === true;
  const hasOffer = Boolean(facts.offer);
  const recommendations = facts.showsRecommendations === true;

  if (french) {
    const offer = [percent && `${percent} % de réduction`, freeShipping && "la livraison gratuite"]
      .filter(Boolean)
      .join(" et ");
    return {
      subject: byName ? "{firstName}, votre panier vous attend" : "Votre panier vous attend",
      preheader: hasOffer ? `Profitez de ${offer} sur votre panier.` : "Vos articles sont gardés pour vous.",
      opening: `${byName ? "Bonjour {firstName}, vous" : "Bonjour, vous"} avez laissé ${title ? `« ${title} »` : "quelques articles"} dans votre panier chez ${shop}. ${hasOffer ? `Profitez de ${offer} jusqu'au {offerExpiry}.` : "Il est prêt quand vous l'êtes."}`,
      recommendationsIntro: recommendations ? "Ces articles pourraient aussi vous plaire" : "",
    };
  }
  const offer = [percent && `${percent}% off`, freeShipping && "free shipping"].filter(Boolean).join(" and ");
  return {
    subject: byName ? "{firstName}, your cart is still waiting" : "Your cart is still waiting",
    preheader: hasOffer
      ? `Enjoy ${offer} on the items you picked.`
      : "The items you picked are saved for you.",
    opening: `${byName ? "Hi {firstName}, you" : "Hi there, you"} left ${title ? `“${title}”` : "a few items"} in your cart at ${shop}. ${hasOffer ? `Enjoy ${offer} until {offerExpiry}.` : "It's saved, so you can finish your order whenever you like."}`,
    recommendationsIntro: recommendations ? "You might also like these picks" : "",
  };
}

function textOf(content: unknown): string {
  const parts = (content as { parts?: Array<{ text?: unknown }> } | undefined)?.parts ?? [];
  return parts.map((part) => (typeof part.text === "string" ? part.text : "")).join("");
}

function factsOf(prompt: string): Record<string, unknown> | null {
  const block = /<facts>\s*([\s\S]*?)\s*<\/facts>/.exec(prompt)?.[1];
  if (!block) return null;
  try {
    return JSON.parse(block) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export const geminiHandlers: HttpHandler[] = [
  http.post(GEMINI_GENERATE_CONTENT_URL, async ({ request, params }) => {
    const modelAction = String(params.modelAction);
    if (!modelAction.endsWith(":generateContent")) {
      return geminiErrorAnswer(404, `no mock for ${modelAction}`);
    }
    const body = (await request.json()) as {
      contents?: Array<{ role?: string; parts?: Array<{ text?: unknown }> }>;
      systemInstruction?: unknown;
      generationConfig?: Record<string, unknown>;
    };
    const prompt = (body.contents ?? []).map(textOf).join("\n");
    const call: GeminiCall = {
      apiVersion: String(params.apiVersion),
      model: modelAction.slice(0, -":generateContent".length),
      apiKey: request.headers.get("x-goog-api-key"),
      systemInstruction: textOf(body.systemInstruction),
      prompt,
      facts: factsOf(prompt),
      generationConfig: body.generationConfig ?? {},
    };
    geminiCalls.push(call);
    if (!call.apiKey) return geminiErrorAnswer(403, "Method doesn't allow unregistered callers.");
    const result = await (
      override ?? ((c: GeminiCall) => geminiTextAnswer(JSON.stringify(defaultCopyFor(c.facts))))
    )(call);
    return result instanceof Response ? result : HttpResponse.json(result as Record<string, unknown>);
  }),
];
