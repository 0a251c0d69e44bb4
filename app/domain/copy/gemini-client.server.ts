import { GoogleGenAI, type GenerateContentParameters, type GenerateContentResponse } from "@google/genai";
import { env } from "~/lib/env.server";

/**
 * The one Gemini adapter (docs/decisions/0003-google-genai-sdk.md). Copy functions take a GeminiClientLike
 * argument, so tests and the offline demo pass a client whose requests msw answers
 * (test/mocks/gemini.ts), and nothing else in the app constructs the SDK.
 */
export interface GeminiClientLike {
  /** The model every request names (GEMINI_MODEL). */
  model: string;
  generateContent(
    params: GenerateContentParameters,
  ): Promise<Pick<GenerateContentResponse, "candidates" | "promptFeedback">>;
}

export const GEMINI_API_BASE_URL = "https://generativelanguage.googleapis.com/";
export const GEMINI_API_VERSION = "v1beta";

/**
 * A client for the Gemini Developer API, or null without an API key (then no request is ever made). Every
 * option the SDK could otherwise take from process.env (GOOGLE_API_KEY, GOOGLE_GENAI_USE_VERTEXAI,
 * GOOGLE_GEMINI_BASE_URL, GOOGLE_GENAI_API_VERSION) is set explicitly, so only lib/env.server.ts decides.
 */
export function createGeminiClient(
  config: { apiKey: string | undefined; model: string } = {
    apiKey: env.GEMINI_API_KEY,
    model: env.GEMINI_MODEL,
  },
): GeminiClientLike | null {
  if (!config.apiKey) return null;
  const ai = new GoogleGenAI({
    apiKey: config.apiKey,
    vertexai: false,
    apiVersion: GEMINI_API_VERSION,
    httpOptions: { baseUrl: GEMINI_API_BASE_URL },
  });
  return { model: config.model, generateContent: (params) => ai.models.generateContent(params) };
}

let defaultClient: GeminiClientLike | null | undefined;

/** The client built once from the environment. */
export function getDefaultGeminiClient(): GeminiClientLike | null {
  if (defaultClient === undefined) defaultClient = createGeminiClient();
  return defaultClient;
}
