import { dateTimeFormat, DATE_TIME_WITH_ZONE, isKnownTimeZone } from "~/lib/intl-formats";

/**
 * How the merchant's checkout pages write times and addresses. The server formats (in the shop's time zone),
 * so the page shows the same text whatever the browser's zone, and hydration never disagrees with it.
 */

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat("en", {
    // A zone this runtime does not know (Shopify's list moves faster than ICU's) is shown in UTC, labelled.
    ...DATE_TIME_WITH_ZONE,
    timeZone: isKnownTimeZone(timeZone) ? timeZone : "UTC",
  });
}

/** "Nov 20, 2026, 7:00 AM EST" for an instant, in the shop's time zone. */
export function formatShopTime(instant: Date, timeZone: string): string {
  return formatterFor(timeZone).format(instant);
}

/**
 * "jane.doe@example.com" -> "j***@example.com". The list shows fifty shoppers at once, on a screen that may be
 * shared or photographed: the first letter and the domain are enough to tell rows apart, and the merchant
 * opens a checkout to see the whole address.
 */
export function maskEmailForList(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  // The first character, not the first UTF-16 unit, which may be half of one in an internationalised address.
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}
