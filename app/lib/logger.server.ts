import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";
import { env } from "./env.server";

export type { Logger };

const EMAIL_PATTERN = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-])[A-Za-z0-9.-]*\.([A-Za-z]{2,})/g;

/** "jane.doe@example.com" -> "j***@e***.com": enough to tell two addresses apart in a log, not to read one. */
export function maskEmail(value: string): string {
  return value.replace(
    EMAIL_PATTERN,
    (_match, user: string, domain: string, tld: string) => `${user}***@${domain}***.${tld}`,
  );
}

// Keys whose values identify a shopper or grant access; their values never reach a log line.
const SECRET_KEYS = new Set([
  "accesstoken",
  "refreshtoken",
  "authorization",
  "apikey",
  "apisecret",
  "password",
  "secret",
  "cookie",
  "idtoken",
  "sessiontoken",
]);
const PERSONAL_KEYS = new Set([
  "firstname",
  "lastname",
  "fullname",
  "customername",
  "phone",
  "address",
  "address1",
  "address2",
  "zip",
]);

const MAX_DEPTH = 6;

/** Deep copy of a log payload with secrets removed, names redacted and email addresses masked. */
export function sanitizeLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskEmail(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskEmail(value.message),
      stack: value.stack && maskEmail(value.stack),
    };
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => sanitizeLogValue(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (SECRET_KEYS.has(normalized)) result[key] = "[secret]";
    else if (PERSONAL_KEYS.has(normalized)) result[key] = "[redacted]";
    else result[key] = sanitizeLogValue(item, depth + 1);
  }
  return result;
}

export interface CreateLoggerOptions {
  level?: LoggerOptions["level"];
  /** Where lines go; defaults to stdout (JSON) or pino-pretty in development. */
  destination?: DestinationStream;
  pretty?: boolean;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? env.LOG_LEVEL,
    base: { app: "cartback" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => sanitizeLogValue(object) as Record<string, unknown>,
    },
    serializers: { err: (error: unknown) => sanitizeLogValue(error) },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === "string" ? maskEmail(arg) : arg)) as Parameters<
          typeof method
        >;
        method.apply(this, masked);
      },
    },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    // A stream in this thread, not a worker transport: pino locates a transport target from its caller's
    // file, which fails for modules Vite evaluates in development ("unable to determine transport target").
    return pino(
      config,
      pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,app", sync: true }),
    );
  }
  return pino(config);
}

export const logger: Logger = createLogger({ pretty: env.NODE_ENV === "development" });
