import type { z } from "zod";
import type { Deadline } from "./clock.server";
import { logger as rootLogger, type Logger } from "./logger.server";

/**
 * The one adapter for Shopify's Admin GraphQL API. Operations live in app/graphql/, one per file; this runs
 * one, retries throttling and transient failures with backoff, validates the answer with the operation's zod
 * schema, and returns a value instead of throwing.
 */

/** The `graphql` function of an authenticated or unauthenticated admin context. */
export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown>; signal?: AbortSignal },
) => Promise<Response>;

export interface AdminOperation<Variables extends Record<string, unknown> | undefined, Data> {
  name: string;
  query: string;
  schema: z.ZodType<Data>;
  /** Marker for the variables type; never set. */
  readonly variables?: Variables;
}

export function defineOperation<Variables extends Record<string, unknown> | undefined, Data>(operation: {
  name: string;
  query: string;
  schema: z.ZodType<Data>;
}): AdminOperation<Variables, Data> {
  if (!new RegExp(`\\b(query|mutation)\\s+${operation.name}\\b`).test(operation.query)) {
    throw new Error(`GraphQL operation ${operation.name} must be declared under that name in its query`);
  }
  return operation;
}

/** The cost Shopify reported for a query (`extensions.cost`), in points of the shop's leaky bucket. */
export interface QueryCost {
  requested: number;
  actual: number | null;
}

export type AdminResult<Data> =
  | { ok: true; data: Data; cost?: QueryCost }
  | {
      ok: false;
      retryable: boolean;
      reason: string;
      status?: number;
      /** Shopify refused for want of a scope or a staff permission (ACCESS_DENIED, HTTP 403). */
      accessDenied?: boolean;
    };

export interface RunOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /**
   * How long one attempt may take, its answer read included. Past it the request is aborted and the attempt
   * counts as a passing failure: one call that never answers must not hold a send, a batch or the tick.
   */
  attemptTimeoutMs?: number;
  /** Past it no further attempt starts (a send's budget, the tick's): the failure is returned, retryable. */
  deadline?: Deadline;
}

/** Shopify answers Admin GraphQL calls in well under a second; ten seconds is a call that is not coming. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Failure {
  retryable: boolean;
  reason: string;
  status?: number;
  /** How long Shopify asked us to wait, when it said. */
  waitMs?: number;
  accessDenied?: boolean;
}

export async function runAdminOperation<Variables extends Record<string, unknown> | undefined, Data>(
  graphql: AdminGraphql,
  operation: AdminOperation<Variables, Data>,
  variables: Variables,
  options: RunOptions = {},
): Promise<AdminResult<Data>> {
  const { maxAttempts = 4, baseDelayMs = 500, maxDelayMs = 10_000, sleep = defaultSleep } = options;
  const { attemptTimeoutMs = DEFAULT_ATTEMPT_TIMEOUT_MS, deadline } = options;
  const log = (options.logger ?? rootLogger).child({ operation: operation.name });
  let failure: Failure = { retryable: true, reason: "not attempted" };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1 && deadline?.isPast()) {
      failure = { ...failure, reason: `${failure.reason}; no time left to retry` };
      break;
    }
    const outcome = await attemptWithin(attemptTimeoutMs, (signal) =>
      attemptOnce(graphql, operation, variables, signal),
    );
    if ("data" in outcome)
      return outcome.cost
        ? { ok: true, data: outcome.data, cost: outcome.cost }
        : { ok: true, data: outcome.data };
    failure = outcome;
    if (!failure.retryable || attempt === maxAttempts) break;
    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.min(maxDelayMs, Math.max(backoff, failure.waitMs ?? 0));
    log.warn({ attempt, delay, reason: failure.reason }, "admin API call failed; retrying");
    await sleep(delay);
  }
  log.warn({ reason: failure.reason, retryable: failure.retryable }, "admin API call failed");
  return {
    ok: false,
    retryable: failure.retryable,
    reason: failure.reason,
    status: failure.status,
    ...(failure.accessDenied ? { accessDenied: true } : {}),
  };
}

/**
 * One attempt, abandoned after `ms`: the request is aborted and, should the client not honour the abort, no
 * longer waited for.
 */
async function attemptWithin<Outcome>(
  ms: number,
  attempt: (signal: AbortSignal) => Promise<Outcome>,
): Promise<Outcome | Failure> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Failure>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ retryable: true, reason: `no answer within ${ms} ms` });
    }, ms);
  });
  try {
    return await Promise.race([attempt(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function attemptOnce<Data>(
  graphql: AdminGraphql,
  operation: AdminOperation<Record<string, unknown> | undefined, Data>,
  variables: Record<string, unknown> | undefined,
  signal: AbortSignal,
): Promise<Failure | { data: Data; cost: QueryCost | null }> {
  let body: unknown;
  try {
    const response = await graphql(operation.query, variables ? { variables, signal } : { signal });
    if (!response.ok) return httpFailure(response.status, response.headers.get("retry-after"));
    body = await response.json();
  } catch (error) {
    return thrownFailure(error);
  }
  const graphQLErrors = (body as { errors?: unknown })?.errors;
  if (Array.isArray(graphQLErrors) && graphQLErrors.length > 0)
    return graphqlErrorsFailure(graphQLErrors, body);
  const parsed = operation.schema.safeParse((body as { data?: unknown })?.data);
  if (!parsed.success) {
    return {
      retryable: false,
      reason: `unexpected ${operation.name} response: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    };
  }
  return { data: parsed.data, cost: queryCostOf(body) };
}

function queryCostOf(body: unknown): QueryCost | null {
  const cost = (body as { extensions?: { cost?: Record<string, unknown> } })?.extensions?.cost;
  const requested = Number(cost?.requestedQueryCost);
  if (!Number.isFinite(requested)) return null;
  const actual = typeof cost?.actualQueryCost === "number" ? cost.actualQueryCost : null;
  return { requested, actual };
}

function httpFailure(status: number, retryAfter: string | null | undefined): Failure {
  const waitMs = retryAfter ? Number.parseFloat(retryAfter) * 1000 : undefined;
  if (status === 429) return { retryable: true, reason: "throttled (HTTP 429)", status, waitMs };
  if (status >= 500) return { retryable: true, reason: `Shopify error (HTTP ${status})`, status };
  if (status === 401 || status === 403) {
    return {
      retryable: false,
      reason: `access denied (HTTP ${status}): the app may lack a scope or be uninstalled`,
      status,
      // 401 is a token Shopify no longer accepts; 403 a token without the scope or permission asked for.
      ...(status === 403 ? { accessDenied: true } : {}),
    };
  }
  return { retryable: false, reason: `request rejected (HTTP ${status})`, status };
}

interface GraphqlErrorShape {
  message?: string;
  extensions?: { code?: string };
}

/** Waits for enough of the leaky bucket to refill for the query that was refused. */
function throttleWaitMs(body: unknown): number | undefined {
  const cost = (body as { extensions?: { cost?: Record<string, unknown> } })?.extensions?.cost;
  const status = cost?.throttleStatus as { currentlyAvailable?: number; restoreRate?: number } | undefined;
  const requested = Number(cost?.requestedQueryCost);
  if (!status?.restoreRate || !Number.isFinite(requested)) return undefined;
  const missing = requested - (status.currentlyAvailable ?? 0);
  return missing > 0 ? Math.ceil((missing / status.restoreRate) * 1000) : undefined;
}

function graphqlErrorsFailure(errors: GraphqlErrorShape[], body: unknown): Failure {
  if (errors.some((error) => error?.extensions?.code === "THROTTLED")) {
    return { retryable: true, reason: "throttled (THROTTLED)", waitMs: throttleWaitMs(body) };
  }
  if (errors.some((error) => error?.extensions?.code === "INTERNAL_SERVER_ERROR")) {
    return { retryable: true, reason: "Shopify internal error" };
  }
  const codes = errors.map((error) => error?.extensions?.code).filter(Boolean);
  if (codes.includes("ACCESS_DENIED"))
    return { retryable: false, reason: "access denied: the app may lack a scope", accessDenied: true };
  return { retryable: false, reason: `GraphQL error: ${errors[0]?.message ?? "unknown"}` };
}

function thrownFailure(error: unknown): Failure {
  // Inside an embedded request the library turns HTTP errors into thrown Responses.
  if (error instanceof Response) return httpFailure(error.status, error.headers.get("retry-after"));
  const shaped = error as {
    response?: { code?: number; retryAfter?: number } & Record<string, unknown>;
    body?: { errors?: { graphQLErrors?: GraphqlErrorShape[] } };
    message?: string;
    name?: string;
  };
  const graphQLErrors = shaped?.body?.errors?.graphQLErrors;
  if (Array.isArray(graphQLErrors)) return graphqlErrorsFailure(graphQLErrors, shaped.body);
  const code = typeof shaped?.response?.code === "number" ? shaped.response.code : undefined;
  if (code !== undefined) {
    const retryAfter = shaped.response?.retryAfter;
    return httpFailure(code, retryAfter === undefined ? undefined : String(retryAfter));
  }
  if (shaped?.name === "HttpMaxRetriesError")
    return { retryable: true, reason: "throttled: retries exhausted" };
  if (shaped?.name === "AbortError" || shaped?.name === "TimeoutError")
    return { retryable: true, reason: "timed out" };
  return { retryable: true, reason: `network error: ${shaped?.message ?? String(error)}` };
}
