import { ApiError, ThinkingLevel, type ThinkingConfig } from "@google/genai";
import type { CopyPrompt } from "./copy-prompt";
import { AI_COPY_RESPONSE_SCHEMA, AiCopySchema, type AiCopy } from "./copy-schema";
import type { GeminiClientLike } from "./gemini-client.server";

/**
 * One structured-output request to Gemini, answered as a value: the parsed copy, or why there is none.
 * It does not judge the copy (check-copy-guardrails.ts does) and never retries: the email goes out with
 * template copy instead, which is better than a late email.
 */

export type AiCopyFailureCode = "TIMEOUT" | "API_ERROR" | "INVALID_RESPONSE";

export type AiCopyResult =
  { ok: true; copy: AiCopy } | { ok: false; code: AiCopyFailureCode; retryable: boolean; reason: string };

export const DEFAULT_AI_TIMEOUT_MS = 3_000;

/**
 * Gemini 2.x takes a thinking budget (0 turns thinking off); Gemini 3 takes a level instead and answers 400
 * to a budget of 0. LOW is the lowest level every Gemini 3 model accepts (3.8 Flash rejects MINIMAL), and
 * short copy needs no deliberation, so it keeps answers inside the time limit.
 */
export function thinkingConfigFor(model: string): ThinkingConfig {
  return /^(?:models\/)?gemini-(?:1|2)\./.test(model)
    ? { thinkingBudget: 0 }
    : { thinkingLevel: ThinkingLevel.LOW };
}

export async function generateAiCopy(
  client: GeminiClientLike,
  prompt: CopyPrompt,
  { timeoutMs = DEFAULT_AI_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<AiCopyResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Our own timer as well as the SDK's abort: a client that ignores the signal still cannot hold a send.
  const timedOut = new Promise<"TIMEOUT">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("TIMEOUT");
    }, timeoutMs);
  });
  const timeout = (): AiCopyResult => ({
    ok: false,
    code: "TIMEOUT",
    retryable: true,
    reason: `no answer within ${timeoutMs} ms`,
  });

  let response: Awaited<ReturnType<GeminiClientLike["generateContent"]>>;
  try {
    const outcome = await Promise.race([
      client.generateContent({
        model: client.model,
        contents: [{ role: "user", parts: [{ text: prompt.userMessage }] }],
        config: {
          systemInstruction: prompt.systemInstruction,
          responseMimeType: "application/json",
          responseJsonSchema: AI_COPY_RESPONSE_SCHEMA,
          temperature: 0.7,
          candidateCount: 1,
          maxOutputTokens: 2048,
          thinkingConfig: thinkingConfigFor(client.model),
          abortSignal: controller.signal,
          // Tells Google's server the deadline too (X-Server-Timeout), so it can stop working on it.
          httpOptions: { timeout: timeoutMs },
        },
      }),
      timedOut,
    ]);
    if (outcome === "TIMEOUT") return timeout();
    response = outcome;
  } catch (error) {
    if (controller.signal.aborted) return timeout();
    return describeError(error);
  } finally {
    clearTimeout(timer);
  }
  return parseAnswer(response);
}

function describeError(error: unknown): AiCopyResult {
  if (error instanceof ApiError) {
    return {
      ok: false,
      code: "API_ERROR",
      retryable: error.status === 429 || error.status >= 500,
      reason: `Gemini answered ${error.status}: ${firstLine(error.message)}`,
    };
  }
  return {
    ok: false,
    code: "API_ERROR",
    retryable: true,
    reason: `request failed: ${error instanceof Error ? firstLine(error.message) : String(error)}`,
  };
}

function parseAnswer(response: Awaited<ReturnType<GeminiClientLike["generateContent"]>>): AiCopyResult {
  const invalid = (reason: string): AiCopyResult => ({
    ok: false,
    code: "INVALID_RESPONSE",
    retryable: false,
    reason,
  });
  const candidate = response.candidates?.[0];
  if (!candidate) {
    const blocked = response.promptFeedback?.blockReason;
    return invalid(blocked ? `prompt blocked (${blocked})` : "no candidate in the answer");
  }
  // Read the parts directly: the SDK's `text` getter warns on the console about non-text parts.
  const text = (candidate.content?.parts ?? [])
    .filter((part) => typeof part.text === "string" && !part.thought)
    .map((part) => part.text)
    .join("");
  if (candidate.finishReason && candidate.finishReason !== "STOP") {
    return invalid(`generation stopped early (${candidate.finishReason})`);
  }
  if (text.trim() === "") return invalid("empty answer");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid("answer is not JSON");
  }
  const parsed = AiCopySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(
      `answer does not match the schema (${issue?.path.join(".") || "root"}: ${issue?.message})`,
    );
  }
  return { ok: true, copy: parsed.data };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? "").slice(0, 200);
}
