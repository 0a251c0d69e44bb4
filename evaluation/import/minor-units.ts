/**
 * "42.99" → 4299 and "265.0" → 26500 by reading the digits, never through a float (STYLE 12: money is never a
 * float). Thousands separators and currency signs are not accepted: the caller strips what its source adds.
 */
export function parseDecimalToMinor(text: string, fractionDigits = 2): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`Not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign = "", whole = "", fraction = ""] = match;
  if (fraction.length > fractionDigits && /[^0]/.test(fraction.slice(fractionDigits))) {
    throw new Error(`${JSON.stringify(text)} has more than ${fractionDigits} decimal places`);
  }
  const minor = Number(whole + fraction.slice(0, fractionDigits).padEnd(fractionDigits, "0"));
  return sign === "-" && minor !== 0 ? -minor : minor;
}
