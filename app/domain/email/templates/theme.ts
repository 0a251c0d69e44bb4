/**
 * The colours every template shares, light and dark, and the merchant's accent made readable. Mail apps that
 * honour `prefers-color-scheme` (Apple Mail, Outlook for Mac, iOS) get the dark palette from DARK_MODE_CSS
 * through the class names below; the ones that invert colours themselves (Gmail's apps) start from a light
 * palette whose contrast holds either way.
 */

export const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
export const MONOSPACE = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

export const LIGHT = {
  page: "#f4f6f8",
  card: "#ffffff",
  text: "#202223",
  muted: "#6d7175",
  rule: "#e1e3e5",
} as const;

const DARK = {
  page: "#121314",
  card: "#1e1f21",
  panel: "#26282b",
  text: "#e8e9eb",
  muted: "#b4b9be",
  rule: "#3d4044",
} as const;

/** Class names the dark-mode block overrides; each element that sets one of these colours carries its class. */
export const CLASS = {
  page: "cb-page",
  card: "cb-card",
  /** The 600px column: narrower padding on a phone. */
  column: "cb-column",
  panel: "cb-panel",
  text: "cb-text",
  muted: "cb-muted",
  /** Text in the accent colour: the body text colour in dark mode, where the accent may be too dark to read. */
  accent: "cb-accent",
  rule: "cb-rule",
} as const;

/**
 * React escapes `<`, `>`, `&` and quotes in a style element's text, so the rules use none of them: plain
 * class selectors only.
 */
export const DARK_MODE_CSS = [
  ":root { color-scheme: light dark; supported-color-schemes: light dark; }",
  "@media (prefers-color-scheme: dark) {",
  `  .${CLASS.page} { background-color: ${DARK.page} !important; }`,
  `  .${CLASS.card} { background-color: ${DARK.card} !important; }`,
  `  .${CLASS.panel} { background-color: ${DARK.panel} !important; }`,
  `  .${CLASS.text}, .${CLASS.accent} { color: ${DARK.text} !important; }`,
  `  .${CLASS.muted} { color: ${DARK.muted} !important; }`,
  `  .${CLASS.rule} { border-color: ${DARK.rule} !important; }`,
  "}",
  "@media only screen and (max-width: 480px) {",
  `  .${CLASS.page} { padding: 0 !important; }`,
  `  .${CLASS.column} { border-radius: 0 !important; padding: 24px 16px !important; }`,
  "}",
].join("\n");

// WCAG 2.x: text needs 4.5:1 against its background, large text (24px, or 18.7px bold) 3:1.
const READABLE_CONTRAST = 4.5;
export const LARGE_TEXT_CONTRAST = 3;

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The accent for text on a light background: the merchant's colour when it reads there (4.5:1, or `minimum`
 * for large text), else the body text colour.
 */
export function accentText(
  accent: string,
  { background = LIGHT.card, minimum = READABLE_CONTRAST }: { background?: string; minimum?: number } = {},
): string {
  return contrastRatio(accent, background) >= minimum ? accent : LIGHT.text;
}

/** The label colour on an accent-coloured button: white, or the body text colour on a light accent. */
export function onAccent(accent: string): string {
  return contrastRatio("#ffffff", accent) >= contrastRatio(LIGHT.text, accent) ? "#ffffff" : LIGHT.text;
}

/** A faint wash of the accent over white (a tenth of it), for the offer-led template's panel. */
export function accentWash(accent: string): string {
  const mix = (offset: number) =>
    Math.round(255 - (255 - parseInt(accent.slice(offset, offset + 2), 16)) * 0.1)
      .toString(16)
      .padStart(2, "0");
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}
