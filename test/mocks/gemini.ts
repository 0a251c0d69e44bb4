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

/** What the default answer needs to know, already read from the facts. */
interface AnswerFacts {
  shop: string;
  /** The first title, quoted the language's way, or null. */
  title: string | null;
  byName: boolean;
  percent: number | null;
  freeShipping: boolean;
  hasOffer: boolean;
}

type WriteCopy = (facts: AnswerFacts) => {
  subject: string;
  preheader: string;
  opening: string;
  recommendationsIntro: string;
};

const joined = (parts: Array<string | false | 0 | null>, and: string) => parts.filter(Boolean).join(and);

/**
 * A well-behaved model's answer in each language copy is written in, so the offline demo's German and
 * Spanish emails are German and Spanish throughout, as a real model's should be.
 */
const ANSWERS: Record<string, WriteCopy> = {
  English: (f) => {
    const offer = joined([f.percent && `${f.percent}% off`, f.freeShipping && "free shipping"], " and ");
    return {
      subject: f.byName ? "{firstName}, your cart is still waiting" : "Your cart is still waiting",
      preheader: f.hasOffer
        ? `Enjoy ${offer} on the items you picked.`
        : "The items you picked are saved for you.",
      opening: `${f.byName ? "Hi {firstName}, you" : "Hi there, you"} left ${f.title ? `“${f.title}”` : "a few items"} in your cart at ${f.shop}. ${f.hasOffer ? `Enjoy ${offer} until {offerExpiry}.` : "It's saved, so you can finish your order whenever you like."}`,
      recommendationsIntro: "You might also like these picks",
    };
  },
  French: (f) => {
    const offer = joined(
      [f.percent && `${f.percent} % de réduction`, f.freeShipping && "la livraison gratuite"],
      " et ",
    );
    return {
      subject: f.byName ? "{firstName}, votre panier vous attend" : "Votre panier vous attend",
      preheader: f.hasOffer
        ? `Profitez de ${offer} sur votre panier.`
        : "Vos articles sont gardés pour vous.",
      opening: `${f.byName ? "Bonjour {firstName}, vous" : "Bonjour, vous"} avez laissé ${f.title ? `« ${f.title} »` : "quelques articles"} dans votre panier chez ${f.shop}. ${f.hasOffer ? `Profitez de ${offer} jusqu'au {offerExpiry}.` : "Il est prêt quand vous l'êtes."}`,
      recommendationsIntro: "Ces articles pourraient aussi vous plaire",
    };
  },
  German: (f) => {
    const offer = joined(
      [f.percent && `${f.percent} % Rabatt`, f.freeShipping && "kostenlosen Versand"],
      " und ",
    );
    return {
      subject: f.byName ? "{firstName}, Ihr Warenkorb wartet auf Sie" : "Ihr Warenkorb wartet auf Sie",
      preheader: f.hasOffer
        ? `Sichern Sie sich ${offer} auf Ihre Artikel.`
        : "Ihre ausgewählten Artikel sind für Sie gespeichert.",
      opening: `${f.byName ? "Hallo {firstName}, Sie" : "Hallo, Sie"} haben ${f.title ? `„${f.title}“` : "einige Artikel"} in Ihrem Warenkorb bei ${f.shop} gelassen. ${f.hasOffer ? `Sichern Sie sich ${offer} bis {offerExpiry}.` : "Er ist gespeichert, damit Sie Ihre Bestellung jederzeit abschließen können."}`,
      recommendationsIntro: "Das könnte Ihnen auch gefallen",
    };
  },
  Spanish: (f) => {
    const offer = joined(
      [f.percent && `un ${f.percent} % de descuento`, f.freeShipping && "envío gratis"],
      " y ",
    );
    return {
      subject: f.byName ? "{firstName}, tu carrito te espera" : "Tu carrito te espera",
      preheader: f.hasOffer
        ? `Disfruta de ${offer} en los artículos que elegiste.`
        : "Los artículos que elegiste siguen guardados.",
      opening: `${f.byName ? "¡Hola, {firstName}! Dejaste" : "¡Hola! Dejaste"} ${f.title ? `«${f.title}»` : "algunos artículos"} en tu carrito de ${f.shop}. ${f.hasOffer ? `Disfruta de ${offer} hasta el {offerExpiry}.` : "Lo guardamos para que termines tu compra cuando quieras."}`,
      recommendationsIntro: "También te pueden gustar estos artículos",
    };
  },
  Italian: (f) => {
    const offer = joined(
      [f.percent && `il ${f.percent}% di sconto`, f.freeShipping && "la spedizione gratuita"],
      " e ",
    );
    return {
      subject: f.byName ? "{firstName}, il tuo carrello ti aspetta" : "Il tuo carrello ti aspetta",
      preheader: f.hasOffer
        ? `Approfitta del tuo vantaggio: ${offer} sugli articoli scelti.`
        : "Gli articoli che hai scelto sono salvati per te.",
      opening: `${f.byName ? "Ciao {firstName}, hai" : "Ciao, hai"} lasciato ${f.title ? `«${f.title}»` : "alcuni articoli"} nel tuo carrello su ${f.shop}. ${f.hasOffer ? `Per te ${offer} fino al {offerExpiry}.` : "L'abbiamo salvato, così puoi completare l'ordine quando vuoi."}`,
      recommendationsIntro: "Potrebbero piacerti anche questi articoli",
    };
  },
  Dutch: (f) => {
    const offer = joined(
      [f.percent && `${f.percent}% korting`, f.freeShipping && "gratis verzending"],
      " en ",
    );
    return {
      subject: f.byName ? "{firstName}, je winkelwagen wacht op je" : "Je winkelwagen wacht op je",
      preheader: f.hasOffer
        ? `Profiteer van ${offer} op je gekozen artikelen.`
        : "De artikelen die je koos staan nog voor je klaar.",
      opening: `${f.byName ? "Hoi {firstName}, je" : "Hoi, je"} hebt ${f.title ? `‘${f.title}’` : "een paar artikelen"} in je winkelwagen bij ${f.shop} laten liggen. ${f.hasOffer ? `Profiteer van ${offer} tot {offerExpiry}.` : "We hebben hem bewaard, zodat je je bestelling kunt afronden wanneer je wilt."}`,
      recommendationsIntro: "Misschien vind je deze artikelen ook leuk",
    };
  },
  Portuguese: (f) => {
    const offer = joined([f.percent && `${f.percent}% de desconto`, f.freeShipping && "frete grátis"], " e ");
    return {
      subject: f.byName ? "{firstName}, seu carrinho está esperando" : "Seu carrinho está esperando",
      preheader: f.hasOffer
        ? `Aproveite ${offer} nos itens que você escolheu.`
        : "Os itens que você escolheu continuam salvos.",
      opening: `${f.byName ? "Olá, {firstName}! Você" : "Olá! Você"} deixou ${f.title ? `“${f.title}”` : "alguns itens"} no seu carrinho em ${f.shop}. ${f.hasOffer ? `Aproveite ${offer} até {offerExpiry}.` : "Nós o guardamos para você finalizar a compra quando quiser."}`,
      recommendationsIntro: "Você também pode gostar destes itens",
    };
  },
  Japanese: (f) => {
    const offer = joined([f.percent && `${f.percent}%オフ`, f.freeShipping && "送料無料"], "と");
    return {
      subject: f.byName ? "{firstName}様、カートに商品が残っています" : "カートに商品が残っています",
      preheader: f.hasOffer
        ? `お選びの商品が${offer}になります。`
        : "お選びの商品はカートに保存されています。",
      opening: `${f.byName ? "{firstName}様、" : ""}${f.shop}のカートに${f.title ? `「${f.title}」` : "商品"}が残っています。${f.hasOffer ? `${offer}は{offerExpiry}まで有効です。` : "ご都合のよいときにご購入手続きを完了できます。"}`,
      recommendationsIntro: "こちらの商品もおすすめです",
    };
  },
};

/**
 * What a well-behaved model writes for these facts, in facts.language (English for a language it does not
 * know): placeholders for the name and the expiry, the real offer terms only, no numbers beyond them.
 */
export function defaultCopyFor(rawFacts: Record<string, unknown> | null) {
  const facts = (rawFacts ?? {}) as Facts;
  const write = ANSWERS[typeof facts.language === "string" ? facts.language : "English"] ?? ANSWERS.English!;
  const copy = write({
    shop: typeof facts.shopName === "string" ? facts.shopName : "our shop",
    title: typeof facts.cart?.[0]?.title === "string" ? facts.cart[0].title : null,
    byName: facts.greetByName === true,
    percent: typeof facts.offer?.percentOff === "number" ? facts.offer.percentOff : null,
    freeShipping: facts.offer?.freeShipping === true,
    hasOffer: Boolean(facts.offer),
  });
  return {
    ...copy,
    recommendationsIntro: facts.showsRecommendations === true ? copy.recommendationsIntro : "",
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
