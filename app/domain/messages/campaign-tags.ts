import type { MessageChannelName } from "./recovery-message";

/**
 * Campaign tags on every link a message carries into the shop (the recovered checkout, a recommended
 * product), so the shop's own analytics can see recovered visits and tell the links apart.
 */
export function withUtm(
  url: string,
  { channel, step, placement }: { channel: MessageChannelName; step: number; placement?: "recommendation" },
): string {
  const target = new URL(url);
  target.searchParams.set("utm_source", "cartback");
  target.searchParams.set("utm_medium", channel);
  target.searchParams.set("utm_campaign", "abandoned-checkout");
  target.searchParams.set("utm_content", placement ? `step-${step}-${placement}` : `step-${step}`);
  return target.toString();
}
