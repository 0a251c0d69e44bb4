import { z } from "zod";

/**
 * Every environment variable Cartback reads, validated once at boot. Nothing else in the app reads
 * `process.env`; import `env` from here instead.
 */

export const DEFAULT_SCOPES = [
  "read_orders",
  "read_products",
  // Product costs (InventoryItem.unitCost) for profit and the margin floor (app/domain/catalog); optional in
  // effect: a shop without it syncs products without costs.
  "read_inventory",
  "read_customers",
  "write_customers",
  "write_discounts",
  "write_pixels",
  "read_customer_events",
  // Reports each recovery email to the checkout's abandonment record in Shopify (app/domain/abandonment-reports/).
  "write_marketing_events",
] as const;

const DEFAULT_DATABASE_URL = "file:./data/cartback.sqlite";

/**
 * Resend's default team rate limit, shared by all of a team's API keys: "The default maximum rate limit is 2
 * requests per second per team" (https://resend.com/docs/api-reference/rate-limit). A team Resend raised sets
 * EMAIL_REQUESTS_PER_SECOND to its own limit (Settings, Usage).
 */
const RESEND_DEFAULT_REQUESTS_PER_SECOND = 2;

/** Variables production cannot run without; elsewhere they are optional and have safe fallbacks. */
const REQUIRED_IN_PRODUCTION = [
  "CRON_SECRET",
  "DATA_ENCRYPTION_KEY",
  "RESEND_API_KEY",
  "RESEND_WEBHOOK_SECRET",
  "EMAIL_FROM",
] as const;

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

// "Shop Recovery <recover@mail.example.com>" or a bare address.
const EMAIL_FROM_PATTERN =
  /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

function isThirtyTwoByteKey(value: string): boolean {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) && Buffer.from(trimmed, "base64").length === 32;
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SHOPIFY_API_KEY: z.string({ error: "is required" }).min(1, "is required"),
    SHOPIFY_API_SECRET: z.string({ error: "is required" }).min(1, "is required"),
    SHOPIFY_APP_URL: z
      .string({ error: "is required" })
      .url("must be an absolute URL such as https://cartback.example.com")
      .transform((value) => value.replace(/\/+$/, "")),
    SCOPES: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default(DEFAULT_SCOPES.join(","))
        .transform((value) =>
          value
            .split(",")
            .map((scope) => scope.trim())
            .filter(Boolean),
        ),
    ),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default(DEFAULT_DATABASE_URL)
        .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), {
          message: "must be a file: URL (SQLite) or a postgres:// / postgresql:// URL",
        }),
    ),
    CRON_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, "must be at least 32 characters (use `openssl rand -hex 32`)").optional(),
    ),
    DATA_ENCRYPTION_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine(isThirtyTwoByteKey, {
          message: "must be 32 bytes as base64 or 64 hex characters (use `openssl rand -base64 32`)",
        })
        .optional(),
    ),
    /**
     * Key rotation: the keys DATA_ENCRYPTION_KEY replaced, comma-separated; data they sealed stays readable
     * until `npm run data:reencrypt` has sealed it again under the current key.
     */
    DATA_ENCRYPTION_KEY_PREVIOUS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((value) => value.split(",").every((key) => isThirtyTwoByteKey(key)), {
          message: "must be 32-byte keys (base64 or hex), comma-separated",
        })
        .optional(),
    ),
    /**
     * The key of the email and name hashes, when it differs from DATA_ENCRYPTION_KEY: after a rotation it stays
     * the first key, so every stored hash keeps matching (docs/reliability.md, key rotation).
     */
    DATA_HASH_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine(isThirtyTwoByteKey, { message: "must be 32 bytes as base64 or 64 hex characters" })
        .optional(),
    ),
    /**
     * The key unsubscribe links, tracked links and pixel keys are signed with. Unset, they are signed with a key
     * derived from SHOPIFY_API_SECRET (as before it existed); set, rotating the Shopify secret leaves them alone.
     */
    LINK_SIGNING_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine(isThirtyTwoByteKey, {
          message: "must be 32 bytes as base64 or 64 hex characters (use `openssl rand -base64 32`)",
        })
        .optional(),
    ),
    /** Link signing keys LINK_SIGNING_KEY replaced, comma-separated: links already sent keep working. */
    LINK_SIGNING_KEY_PREVIOUS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((value) => value.split(",").every((key) => isThirtyTwoByteKey(key)), {
          message: "must be 32-byte keys (base64 or hex), comma-separated",
        })
        .optional(),
    ),
    /**
     * Shopify app secrets SHOPIFY_API_SECRET replaced, comma-separated: they verify links signed before
     * (nothing else; webhooks and sessions take the current secret only).
     */
    SHOPIFY_API_SECRET_PREVIOUS: optionalString,
    RESEND_API_KEY: optionalString,
    RESEND_WEBHOOK_SECRET: optionalString,
    EMAIL_FROM: z.preprocess(
      emptyAsUndefined,
      z.string().regex(EMAIL_FROM_PATTERN, 'must be an address or "Name <address>"').optional(),
    ),
    /**
     * Requests per second all instances together may make to the email provider (app/lib/send-pacer.server.ts);
     * fractions such as 0.5 allowed.
     */
    EMAIL_REQUESTS_PER_SECOND: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .positive("must be a positive number of requests per second")
        .default(RESEND_DEFAULT_REQUESTS_PER_SECOND),
    ),
    GEMINI_API_KEY: optionalString,
    GEMINI_MODEL: z.preprocess(emptyAsUndefined, z.string().default("gemini-3.8-flash")),
    OUTBOX_DIR: z.preprocess(emptyAsUndefined, z.string().default(".outbox")),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
    /**
     * Where several instances share their counts: the public links' rate limits and the email provider's
     * request budget. Unset, each instance counts its own.
     */
    REDIS_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((value) => /^rediss?:\/\/[^/\s]/.test(value), {
          message: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379",
        })
        .optional(),
    ),
    /** off: an external cron calls POST /jobs/tick. interval: this process runs the tick every minute. */
    SCHEDULER: z.preprocess(emptyAsUndefined, z.enum(["off", "interval"]).default("off")),
    /**
     * `npm run demo` only: the demo shop without Shopify (admin without session tokens, a settable clock),
     * on loopback. Refused in production.
     */
    DEMO_MODE: z.preprocess(
      emptyAsUndefined,
      z
        .enum(["0", "1", "false", "true"], { error: "must be 1 or 0" })
        .default("0")
        .transform((value) => value === "1" || value === "true"),
    ),
    /** Demo only: every demo email goes to this address instead of the invented shopper's. */
    DEMO_RECIPIENT: z.preprocess(emptyAsUndefined, z.email("must be an email address").optional()),
  })
  .superRefine((value, ctx) => {
    // Without it the hash key would silently become the new key, and no stored opt-out would match again.
    if (value.DATA_ENCRYPTION_KEY_PREVIOUS !== undefined && value.DATA_HASH_KEY === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["DATA_HASH_KEY"],
        message:
          "is required when DATA_ENCRYPTION_KEY_PREVIOUS is set: set it to the key the stored email hashes were " +
          "made with (the first DATA_ENCRYPTION_KEY; after one rotation, the old key), or every unsubscribe " +
          "would be forgotten",
      });
    }
    if (value.NODE_ENV !== "production") return;
    if (value.DEMO_MODE) {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_MODE"],
        message: "cannot be on when NODE_ENV=production (the demo has no authentication)",
      });
    }
    for (const name of REQUIRED_IN_PRODUCTION) {
      if (value[name] === undefined) {
        ctx.addIssue({ code: "custom", path: [name], message: "is required when NODE_ENV=production" });
      }
    }
    if (!value.SHOPIFY_APP_URL.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_APP_URL"], message: "must use https in production" });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment (see .env.example):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

/**
 * `shopify app dev` gives the server its tunnel's URL as APP_URL (and HOST), never as SHOPIFY_APP_URL
 * (Shopify CLI, packages/app/src/cli/services/dev/processes/web.ts). APP_URL stands in when SHOPIFY_APP_URL is
 * unset; HOST is not read, since platforms also use it for the address to bind to.
 */
function withCliAppUrl(source: Record<string, string | undefined>): Record<string, string | undefined> {
  if (emptyAsUndefined(source.SHOPIFY_APP_URL) !== undefined) return source;
  if (emptyAsUndefined(source.APP_URL) === undefined) return source;
  return { ...source, SHOPIFY_APP_URL: source.APP_URL };
}

/** Parses an environment; throws one EnvError naming every missing or invalid variable (never its value). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(withCliAppUrl(source));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const message =
      issue.code === "invalid_type" && source[name] === undefined ? "is required" : issue.message;
    return `${name} ${message}`;
  });
  throw new EnvError(problems);
}

export const env: Env = parseEnv(process.env);

export const isProduction = env.NODE_ENV === "production";

/** The demo shop mode of `npm run demo`; never true in production (the schema refuses it). */
export const isDemoMode = env.DEMO_MODE && !isProduction;
