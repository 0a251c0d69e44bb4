/**
 * Intl formatters, made once per locale and options. Building one (locale negotiation, time-zone data) costs
 * far more than formatting with it, and every recovery email formats a dozen amounts and dates.
 * Constructors throw for an unknown locale, currency or time zone, as `new Intl.*` does; callers handle it.
 */

const MAX_ENTRIES = 500;

/** "Nov 20, 2026, 7:00 AM EST": an instant with its date, time and zone, as emails and admin pages show it. */
export const DATE_TIME_WITH_ZONE: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    // Keys come from shop settings and checkouts; a bound keeps a stream of odd locales from growing it.
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, value);
  }
  return value;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return remembered(
    numberFormats,
    `${locale}\u0000${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat {
  return remembered(
    dateTimeFormats,
    `${locale}\u0000${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

/** Whether the runtime knows an IANA time zone ("America/New_York"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    dateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
