/**
 * The one exception domain code throws when it cannot go on. Expected branches are named outcomes, not
 * errors; an AppError means the caller sent something unusable or the app is misconfigured.
 */
export const APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  NOT_CONFIGURED: 503,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

/**
 * Also true for an AppError from another copy of this module: the server's entry is bundled apart from the
 * app, and a request body it cuts at its limit (server/request-body.ts) reaches the route as its AppError.
 */
export function isAppError(value: unknown): value is AppError {
  if (value instanceof AppError) return true;
  const code =
    value instanceof Error && value.name === "AppError" ? (value as { code?: unknown }).code : null;
  return typeof code === "string" && Object.hasOwn(APP_ERROR_STATUS, code);
}

/** The HTTP answer for an AppError: JSON with the code and the reason, never a stack trace. */
export function appErrorResponse(error: AppError, headers?: HeadersInit): Response {
  return Response.json(
    { error: error.code, message: error.message, ...error.details },
    { status: error.status, headers },
  );
}
