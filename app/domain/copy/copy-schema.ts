import { z } from "zod";

/**
 * The shape Gemini answers in (structured JSON output), its limits, and the placeholder for the shopper's
 * name. The limits are the guardrails' (check-copy-guardrails.ts): an inbox shows about 80 characters of a
 * subject and 110 of a preheader; the opening is a short paragraph, the recommendations line one line.
 */
export const COPY_LIMITS = {
  subject: 80,
  preheader: 110,
  opening: 400,
  recommendationsIntro: 140,
} as const;

export type CopyField = keyof typeof COPY_LIMITS;
export const COPY_FIELDS = Object.keys(COPY_LIMITS) as CopyField[];

/**
 * The model never sees the shopper's name nor the offer's exact expiry: where they fit it writes these
 * tokens, which are filled in per email after the guardrails passed (write-recovery-copy.server.ts). So the
 * answer holds no personal data, the only date in AI copy is the real one, formatted by Intl, and one
 * answer serves every shopper with the same cart even though each code expires at its own minute.
 */
export const FIRST_NAME_PLACEHOLDER = "{firstName}";
export const OFFER_EXPIRY_PLACEHOLDER = "{offerExpiry}";

/**
 * What a valid answer parses to. Only the shape is checked here; lengths and claims are the guardrails' job,
 * so a rejected answer says which rule it broke.
 */
export const AiCopySchema = z.object({
  subject: z.string().trim().min(1, "is empty"),
  preheader: z.string().trim().min(1, "is empty"),
  opening: z.string().trim().min(1, "is empty"),
  /** Empty when the email shows no recommendations. */
  recommendationsIntro: z.string().trim(),
});
export type AiCopy = z.infer<typeof AiCopySchema>;

/**
 * The response schema sent with the request (config.responseJsonSchema). Written out rather than derived
 * from zod, so the descriptions the model reads are plain and nothing outside the supported JSON Schema
 * subset (such as "$schema") is sent.
 */
export const AI_COPY_RESPONSE_SCHEMA = {
  type: "object",
  properties: {
    subject: {
      type: "string",
      description: `Email subject line, at most ${COPY_LIMITS.subject} characters.`,
      maxLength: COPY_LIMITS.subject,
    },
    preheader: {
      type: "string",
      description: `Preview text shown after the subject in the inbox, at most ${COPY_LIMITS.preheader} characters.`,
      maxLength: COPY_LIMITS.preheader,
    },
    opening: {
      type: "string",
      description: `Opening paragraph of the email, one to three sentences, at most ${COPY_LIMITS.opening} characters.`,
      maxLength: COPY_LIMITS.opening,
    },
    recommendationsIntro: {
      type: "string",
      description: `One line introducing other products the shopper may like, at most ${COPY_LIMITS.recommendationsIntro} characters; empty when the facts say the email shows no recommendations.`,
      maxLength: COPY_LIMITS.recommendationsIntro,
    },
  },
  required: ["subject", "preheader", "opening", "recommendationsIntro"],
  additionalProperties: false,
} as const;
