export { PixelEventSchema, MAX_PIXEL_EVENT_BYTES } from "./pixel-event-schema";
export { pixelAccountKey, isPixelAccountKey, webPixelSettingsFor } from "./pixel-account-key.server";
export { receivePixelEvent, PIXEL_LIMITS } from "./receive-pixel-event.server";
export type { PixelEvent } from "./pixel-event-schema";
export { recordPixelEvent } from "./record-pixel-event.server";
export type { PixelOutcome } from "./record-pixel-event.server";
export { ensureWebPixel } from "./ensure-web-pixel.server";
