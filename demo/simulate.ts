import fs from "node:fs";
import path from "node:path";
import { abandonedCheckoutNode } from "../test/helpers/abandoned-checkouts";
import { editFixture } from "../test/helpers/fixtures";
import { DEMO_MEDIAN_CART_MINOR } from "../app/domain/demo/demo-median-cart";
import { quietHoursEnd } from "../app/domain/sequences/quiet-hours";
import { DEMO_SHOP } from "../app/lib/demo-shop";
import type { DemoClient } from "./demo-client";
import {
  buildCatalog,
  buildCheckouts,
  buildShoppers,
  DEMO_CURRENCY,
  DEMO_LAST_CHECKOUT_HOURS_BEFORE_END,
  DEMO_QUIET_HOURS,
  DEMO_RESPONSE,
  DEMO_SHOP_NAME,
  DEMO_STEP_DELAYS_MINUTES,
  DEMO_TIME_ZONE,
  designShownIn,
  FREE_SHIPPING_MINOR,
  hourFactorOf,
  localHourOf,
  mightOrderAfterEmails,
  offerShownIn,
  ON_OWN_AFTER_MINUTES,
  ordersAfterEmails,
  ordersOnOwn,
  reactionTo,
  readingTimeOf,
  responseDrawOf,
  responseFactorOf,
  shopperKindOf,
  type DemoCheckout,
  type DemoLine,
  type DemoShopper,
  type SecondEmail,
  type ShopperKind,
} from "./world";

/**
 * A month of a shop's life, in simulated time, through the app's real routes: the install and its catalog
 * export, checkouts as signed webhooks, the tick every half hour, and shoppers who read the emails in the
 * outbox at their hour, click, unsubscribe and order, or come back on their own, as the world's response model
 * has them (world.ts, DEMO_RESPONSE, with each email's hour and design as the app sent it). The ledger counts what the simulation itself did, so the summary can set the
 * dashboard's figures beside it; the true effects the summary prints follow from the world alone.
 */

export interface SimulationOptions {
  client: DemoClient;
  outboxDir: string;
  appUrl: string;
  /** The simulation ends here (the demo: the same moment on every run, DEMO_MONTH_END). */
  end: Date;
  days: number;
  shoppers: number;
  checkoutsPerDay: number;
  tickMinutes?: number;
  /**
   * Shopify's own list of the shop's abandoned checkouts, which the demo server's mocked Admin API answers
   * `abandonedCheckouts` from (demo/mock-outgoing-calls.ts): each checkout state is appended as it happens,
   * whether or not its webhook is sent.
   */
  shopifyCheckoutsFile: string;
  /**
   * The shop's orders as Shopify counts them per customer, which the mocked Admin API adds to each customer's
   * earlier history (world.ts customerHistoryOf) when the segments ask for a customer's figures: one line per
   * order of a shopper with an account, appended as it is placed.
   */
  shopifyOrdersFile: string;
  onProgress?(progress: SimulationProgress): void;
}

export interface SimulationProgress {
  day: number;
  days: number;
  checkouts: number;
  emails: number;
  orders: number;
}

export interface SimulationLedger {
  start: Date;
  end: Date;
  products: number;
  shoppers: number;
  checkouts: number;
  completedInSession: number;
  leftWithoutEmail: number;
  left: number;
  emailsByStep: Record<number, number>;
  /** Emails the simulated shoppers clicked (the first click of each). */
  clicked: number;
  unsubscribed: number;
  ordersAfterClick: number;
  ordersWithCode: number;
  ordersOnOwn: number;
  webhooks: number;
  ticks: number;
  tickErrors: string[];
  /** Checkouts whose webhooks were never sent, on purpose (every tenth). */
  droppedCheckouts: number;
  /** Checkouts the app's reconciliation found that no webhook had brought (its tick reports' FOUND). */
  reconciliationFound: number;
  /** Clicks on, and orders after a click on, recovery emails for the dropped checkouts. */
  droppedClicked: number;
  droppedOrdersAfterClick: number;
  /**
   * Every second email (the one shoppers order from) as the world saw it: the truths that depend on when the
   * app sent and which design it drew come from these (world.ts, SecondEmail). Absent in a demo kept from
   * before.
   */
  secondEmails?: SecondEmail[];
}

/** Every tenth checkout's webhooks are never sent, as a lost delivery would be: reconciliation must find it. */
export const isWebhookDropped = (checkout: DemoCheckout) => checkout.index % 10 === 9;

const MINUTE_MS = 60_000;
/** The email a shopper orders from, if at all: the second, the first offer step of every demo sequence. */
const ORDERING_STEP = 2;
/** When the second email is due after the checkout's last activity. */
const ORDERING_STEP_DELAY_MINUTES = DEMO_STEP_DELAYS_MINUTES[1];

/**
 * When an email due at `due` goes out at the plain delay, as the control's do: at the first tick from then on,
 * or, when that tick falls in the quiet hours, at the first tick after they end.
 */
function plainSendTime(firstTick: number, tickMs: number) {
  const tickFrom = (at: number) => firstTick + Math.max(0, Math.ceil((at - firstTick) / tickMs)) * tickMs;
  return (due: number) => {
    const tick = tickFrom(due);
    const quietEnd = quietHoursEnd(new Date(tick), DEMO_TIME_ZONE, DEMO_QUIET_HOURS);
    return quietEnd ? tickFrom(quietEnd.getTime()) : tick;
  };
}
/**
 * Each tick comes this much after the half hour before it. The server's clock runs on from the time it is set
 * to, so a tick reads it a few milliseconds late, by more or less on each run; a task due an hour after its
 * last run, stamped with that reading (reconciliation), would be due two ticks later on one run and three on
 * another. Half a second a tick makes it two every time, and every run print the same.
 */
const TICK_SLACK_MS = 500;
/** A checkout is enrolled at the first tick once it has been idle this long (the sequences' first delay). */
const ENROLMENT_IDLE_MINUTES = 60;
const CHECKOUT_FIXTURE = "checkouts-update.shopify-sample-2026-07.json";
const ORDER_FIXTURE = "orders-create.shopify-sample-2026-07.trimmed.json";
const STOREFRONT = "https://northwind.example";

type SimEvent =
  | { at: number; kind: "tick" }
  | { at: number; kind: "checkout"; checkout: DemoCheckout; update: number }
  | { at: number; kind: "complete"; checkout: DemoCheckout }
  | { at: number; kind: "left"; checkout: DemoCheckout }
  | { at: number; kind: "own-order"; checkout: DemoCheckout }
  | {
      at: number;
      kind: "click";
      shopper: DemoShopper;
      url: string;
      emailText: string;
      orderAfter: number | null;
    }
  | { at: number; kind: "click-order"; checkout: DemoCheckout; codes: string[]; emailText: string }
  | { at: number; kind: "unsubscribe"; url: string };

/** Events in time order; ties keep their insertion order. */
class Timeline {
  private events: SimEvent[] = [];
  add(event: SimEvent) {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.events[middle] as SimEvent).at <= event.at) low = middle + 1;
      else high = middle;
    }
    this.events.splice(low, 0, event);
  }
  next(): SimEvent | undefined {
    return this.events.shift();
  }
}

const money = (minor: number) => (minor / 100).toFixed(2);
const subtotalOf = (lines: DemoLine[]) =>
  lines.reduce((sum, line) => sum + line.product.priceMinor * line.quantity, 0);

function checkoutBody(
  checkout: DemoCheckout,
  update: number,
  at: Date,
  completedAt: Date | null,
  appUrl: string,
): string {
  const { lines } = checkout.updates[update] ?? checkout.updates[0]!;
  const shopper = checkout.shopper;
  const hasEmail = hasEmailAt(checkout, update, completedAt);
  const subtotal = subtotalOf(lines);
  return editFixture(CHECKOUT_FIXTURE, {
    id: checkout.checkoutId,
    token: checkout.token,
    cart_token: checkout.cartToken,
    email: hasEmail ? shopper.email : null,
    buyer_accepts_marketing: shopper.acceptsMarketing,
    created_at: checkout.createdAt.toISOString(),
    updated_at: at.toISOString(),
    completed_at: completedAt?.toISOString() ?? null,
    customer_locale: shopper.locale,
    currency: DEMO_CURRENCY,
    presentment_currency: DEMO_CURRENCY,
    subtotal_price: money(subtotal),
    total_price: money(subtotal),
    total_tax: "0.00",
    line_items: lines.map((line) => ({
      product_id: Number(line.product.id),
      variant_id: Number(line.product.variantId),
      title: line.product.title,
      variant_title: null,
      quantity: line.quantity,
      price: money(line.product.priceMinor),
      line_price: money(line.product.priceMinor * line.quantity),
      sku: line.product.handle.toUpperCase(),
      image_url: `${appUrl}${line.product.imagePath}`,
    })),
    abandoned_checkout_url: `${STOREFRONT}/checkouts/${checkout.token}/recover?key=demo${checkout.cartToken.slice(0, 12)}`,
    source_name: "web",
    customer:
      hasEmail && shopper.customerId
        ? { id: Number(shopper.customerId), email: shopper.email, first_name: shopper.firstName }
        : null,
    shipping_address: hasEmail ? { first_name: shopper.firstName, country_code: "US" } : [],
    billing_address: null,
  });
}

// The contact step comes after the first cart: a multi-step session gives the email on its second update.
const hasEmailAt = (checkout: DemoCheckout, update: number, completedAt: Date | null) =>
  checkout.givesEmail && (update > 0 || checkout.updates.length === 1 || completedAt !== null);

/** The same checkout state as Shopify's abandonedCheckouts lists it, as one line of the file the mock reads. */
function shopifyCheckoutLine(
  checkout: DemoCheckout,
  update: number,
  at: Date,
  completedAt: Date | null,
): string {
  const { lines } = checkout.updates[update] ?? checkout.updates[0]!;
  const shopper = checkout.shopper;
  const node = abandonedCheckoutNode(DEMO_SHOP, {
    id: checkout.checkoutId,
    token: checkout.token,
    storefront: STOREFRONT,
    email: hasEmailAt(checkout, update, completedAt) ? shopper.email : null,
    customerId: shopper.customerId ?? undefined,
    acceptsMarketing: shopper.acceptsMarketing,
    firstName: shopper.firstName,
    locale: shopper.locale,
    createdAt: checkout.createdAt,
    updatedAt: at,
    completedAt,
    currency: DEMO_CURRENCY,
    lines: lines.map((line) => [
      Number(line.product.id),
      line.product.title,
      money(line.product.priceMinor),
      line.quantity,
      line.product.variantId,
    ]),
  });
  return `${JSON.stringify({ shop: DEMO_SHOP, node })}\n`;
}

let orderNumber = 1000;

function orderTotalMinor(checkout: DemoCheckout, discounts: OrderDiscount[]): number {
  const { lines } = checkout.updates[checkout.updates.length - 1]!;
  return (
    subtotalOf(lines) - discounts.reduce((sum, d) => sum + (d.type === "percentage" ? d.amountMinor : 0), 0)
  );
}

/** One order as the mocked Admin API reads it back (demo/mock-outgoing-calls.ts). */
export interface ShopifyOrderLine {
  shop: string;
  customerId: string;
  totalMinor: number;
  createdAt: string;
}

function orderBody(checkout: DemoCheckout, at: Date, discounts: OrderDiscount[]): string {
  const { lines } = checkout.updates[checkout.updates.length - 1]!;
  const total = orderTotalMinor(checkout, discounts);
  const bag = (minor: number) => ({
    shop_money: { amount: money(minor), currency_code: DEMO_CURRENCY },
    presentment_money: { amount: money(minor), currency_code: DEMO_CURRENCY },
  });
  orderNumber++;
  return editFixture(ORDER_FIXTURE, {
    id: 6_200_000_000 + orderNumber,
    name: `#${orderNumber}`,
    order_number: orderNumber,
    checkout_token: checkout.token,
    cart_token: checkout.cartToken,
    email: checkout.shopper.email,
    contact_email: checkout.shopper.email,
    customer: checkout.shopper.customerId
      ? { id: Number(checkout.shopper.customerId), email: checkout.shopper.email }
      : null,
    discount_codes: discounts.map((d) => ({ code: d.code, amount: money(d.amountMinor), type: d.type })),
    line_items: lines.map((line) => ({
      product_id: Number(line.product.id),
      variant_id: Number(line.product.variantId),
      title: line.product.title,
      quantity: line.quantity,
      price: money(line.product.priceMinor),
    })),
    currency: DEMO_CURRENCY,
    presentment_currency: DEMO_CURRENCY,
    total_price: money(total),
    subtotal_price: money(total),
    total_price_set: bag(total),
    subtotal_price_set: bag(total),
    test: false,
    source_name: "web",
    created_at: at.toISOString(),
    processed_at: at.toISOString(),
    updated_at: at.toISOString(),
  });
}

interface OutboxEmail {
  id: string;
  to: string;
  text: string;
  html: string;
  /** When the app sent it (the outbox's stamp, the demo clock's): for a held step, later than it was due. */
  createdAt?: string;
  headers: Record<string, string>;
  tags: Array<{ name: string; value: string }>;
  idempotencyKey: string;
}

const stepOf = (email: OutboxEmail) => Number(email.tags.find((tag) => tag.name === "step")?.value ?? 0);

/**
 * New emails in the outbox since the last look (each `<id>.json` once), by address and step: the provider's
 * ids, which name the files, are random, and the order sets the order of the shoppers' reactions.
 */
function createOutboxReader(dir: string) {
  const seen = new Set<string>();
  return () => {
    if (!fs.existsSync(dir)) return [];
    const fresh: OutboxEmail[] = [];
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith(".json") || seen.has(name)) continue;
      seen.add(name);
      fresh.push(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as OutboxEmail);
    }
    return fresh.sort((a, b) => a.to.localeCompare(b.to) || stepOf(a) - stepOf(b));
  };
}

export interface OrderDiscount {
  code: string;
  amountMinor: number;
  type: "percentage" | "shipping";
}

/**
 * The order's discount_codes when the link applied these codes, as Shopify reports them: one entry per
 * code, the free-shipping code ("-SHIP") as shipping, the other as the percentage the email states.
 */
export function orderDiscountsFor(
  codes: string[],
  emailText: string,
  subtotalMinor: number,
): OrderDiscount[] {
  const percent = Number(/(\d{1,2})\s?%/.exec(emailText)?.[1] ?? 0);
  return codes.map((code) =>
    code.endsWith("-SHIP")
      ? { code, amountMinor: FREE_SHIPPING_MINOR, type: "shipping" }
      : { code, amountMinor: Math.round((subtotalMinor * percent) / 100), type: "percentage" },
  );
}

/** When the shopper last touched the checkout: its last cart update (Shopify's updated_at, the app's anchor). */
const lastActivityOf = (checkout: DemoCheckout) =>
  checkout.createdAt.getTime() + (checkout.updates.at(-1)?.afterMinutes ?? 0) * MINUTE_MS;

/**
 * What the world knows of its shoppers as the month goes: when each ordered (which makes them returning
 * customers), the checkouts they left with an email, and which recovery email is for which of those.
 */
function createShoppersWorld(firstTick: number, tickMs: number) {
  const orderTimes = new Map<number, number[]>();
  const leftByAddress = new Map<string, DemoCheckout[]>();
  const emails = new Map<string, number>();
  /** The tick that enrols a checkout: the first once it has been idle ENROLMENT_IDLE_MINUTES. */
  const enrolmentTick = (lastActivity: number) => {
    const due = lastActivity + ENROLMENT_IDLE_MINUTES * MINUTE_MS;
    return firstTick + Math.max(0, Math.ceil((due - firstTick) / tickMs)) * tickMs;
  };
  return {
    recordOrder(shopper: DemoShopper, at: number) {
      orderTimes.set(shopper.index, [...(orderTimes.get(shopper.index) ?? []), at]);
    },
    recordLeft(checkout: DemoCheckout) {
      if (!checkout.givesEmail) return;
      const address = checkout.shopper.email;
      leftByAddress.set(address, [...(leftByAddress.get(address) ?? []), checkout]);
    },
    /**
     * The shopper's kind at the checkout's enrolment, as the app's segment conditions see it then: for a
     * customer account, Shopify's order count when the enrolling tick asks (the orders placed before it); for a
     * guest, the orders the app saw before the checkout's last activity. Asked a day later, when those are known.
     */
    kindOf(checkout: DemoCheckout): ShopperKind {
      const lastActivity = lastActivityOf(checkout);
      const until = checkout.shopper.customerId ? enrolmentTick(lastActivity) : lastActivity;
      const before = (orderTimes.get(checkout.shopper.index) ?? []).filter((at) => at < until).length;
      return shopperKindOf(checkout.shopper, before);
    },
    emailsTo: (checkout: DemoCheckout) => emails.get(checkout.token) ?? 0,
    /**
     * The left checkout a recovery email is for, counting the email against it: of the address's left
     * checkouts, one that has had one email fewer than this email's step; among several (rare: the app runs one
     * sequence per shopper at a time), the one whose products the email's cart lists (the text before its
     * tracked link), else the oldest.
     */
    checkoutOfEmail(address: string, step: number, text: string): DemoCheckout | undefined {
      const candidates = (leftByAddress.get(address) ?? []).filter(
        (checkout) => (emails.get(checkout.token) ?? 0) === step - 1,
      );
      const cartText = text.slice(0, Math.max(0, text.indexOf("/r/")));
      const listed = candidates.filter((checkout) =>
        (checkout.updates.at(-1)?.lines ?? []).every((line) => cartText.includes(line.product.title)),
      );
      const checkout = listed[0] ?? candidates[0];
      if (checkout) emails.set(checkout.token, step);
      return checkout;
    },
  };
}

export async function simulate(options: SimulationOptions): Promise<SimulationLedger> {
  const { client, appUrl, end, days } = options;
  const tickMs = (options.tickMinutes ?? 30) * MINUTE_MS + TICK_SLACK_MS;
  const start = new Date(end.getTime() - days * 24 * 60 * MINUTE_MS);
  const firstDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1));
  const catalog = buildCatalog();
  const shoppers = buildShoppers(options.shoppers);
  const checkouts = buildCheckouts({
    catalog,
    shoppers,
    firstDay,
    days: days - 1,
    perDay: options.checkoutsPerDay,
    latest: new Date(end.getTime() - DEMO_LAST_CHECKOUT_HOURS_BEFORE_END * 60 * MINUTE_MS),
  });
  const byToken = new Map(checkouts.map((checkout) => [checkout.token, checkout]));
  const byEmail = new Map(shoppers.map((shopper) => [shopper.email, shopper]));
  const ordered = new Set<string>();
  const ledger: SimulationLedger = {
    start,
    end,
    products: catalog.length,
    shoppers: shoppers.length,
    checkouts: checkouts.length,
    completedInSession: 0,
    leftWithoutEmail: 0,
    left: 0,
    emailsByStep: {},
    clicked: 0,
    unsubscribed: 0,
    ordersAfterClick: 0,
    ordersWithCode: 0,
    ordersOnOwn: 0,
    webhooks: 0,
    ticks: 0,
    tickErrors: [],
    droppedCheckouts: checkouts.filter(isWebhookDropped).length,
    reconciliationFound: 0,
    droppedClicked: 0,
    droppedOrdersAfterClick: 0,
    secondEmails: [],
  };
  fs.writeFileSync(options.shopifyCheckoutsFile, "");
  fs.writeFileSync(options.shopifyOrdersFile, "");
  const recordInShopify = (checkout: DemoCheckout, update: number, at: Date, completedAt: Date | null) =>
    fs.appendFileSync(options.shopifyCheckoutsFile, shopifyCheckoutLine(checkout, update, at, completedAt));

  // The install: the demo shop, its settings and its catalog export, imported by the first ticks.
  await client.setClock(start);
  await client.installShop();
  await client.webhook(
    "bulk_operations/finish",
    JSON.stringify({
      admin_graphql_api_id: "gid://shopify/BulkOperation/9001",
      completed_at: start.toISOString(),
      created_at: start.toISOString(),
      error_code: null,
      status: "completed",
      type: "query",
    }),
    start,
  );

  const timeline = new Timeline();
  const firstTick = start.getTime() + 5 * MINUTE_MS;
  for (let at = firstTick; at <= end.getTime(); at += tickMs) timeline.add({ at, kind: "tick" });
  const shoppersWorld = createShoppersWorld(firstTick, tickMs);
  const sentAtDelay = plainSendTime(firstTick, tickMs);
  for (const checkout of checkouts) {
    checkout.updates.forEach((update, index) =>
      timeline.add({
        at: checkout.createdAt.getTime() + update.afterMinutes * MINUTE_MS,
        kind: "checkout",
        checkout,
        update: index,
      }),
    );
    const ending = checkout.ending;
    if (ending.kind === "COMPLETED") {
      ledger.completedInSession++;
      timeline.add({
        at: checkout.createdAt.getTime() + ending.afterMinutes * MINUTE_MS,
        kind: "complete",
        checkout,
      });
    } else {
      ledger.left++;
      if (!checkout.givesEmail) ledger.leftWithoutEmail++;
      const leftAt = lastActivityOf(checkout);
      const response = responseDrawOf(checkout.token);
      timeline.add({ at: leftAt, kind: "left", checkout });
      timeline.add({
        at:
          leftAt +
          (ON_OWN_AFTER_MINUTES + response.clickAfterMinutes + response.orderAfterClickMinutes) * MINUTE_MS,
        kind: "own-order",
        checkout,
      });
    }
  }

  const readOutbox = createOutboxReader(options.outboxDir);
  let clockAt = start.getTime();
  let emails = 0;
  const setClock = async (at: number) => {
    if (at === clockAt) return;
    clockAt = at;
    await client.setClock(new Date(at));
  };
  const placeOrder = async (checkout: DemoCheckout, at: number, discounts: OrderDiscount[]) => {
    if (ordered.has(checkout.token)) return false;
    ordered.add(checkout.token);
    shoppersWorld.recordOrder(checkout.shopper, at);
    const { customerId } = checkout.shopper;
    if (customerId) {
      const line: ShopifyOrderLine = {
        shop: DEMO_SHOP,
        customerId,
        totalMinor: orderTotalMinor(checkout, discounts),
        createdAt: new Date(at).toISOString(),
      };
      fs.appendFileSync(options.shopifyOrdersFile, `${JSON.stringify(line)}\n`);
    }
    await client.webhook("orders/create", orderBody(checkout, new Date(at), discounts), new Date(at));
    return true;
  };

  for (let event = timeline.next(); event; event = timeline.next()) {
    if (event.at > end.getTime()) break;
    await setClock(event.at);
    const at = new Date(event.at);
    switch (event.kind) {
      case "checkout":
        if (ordered.has(event.checkout.token)) break;
        recordInShopify(event.checkout, event.update, at, null);
        if (!isWebhookDropped(event.checkout))
          await client.webhook(
            event.update === 0 ? "checkouts/create" : "checkouts/update",
            checkoutBody(event.checkout, event.update, at, null, appUrl),
            at,
          );
        break;
      case "complete": {
        const last = event.checkout.updates.length - 1;
        recordInShopify(event.checkout, last, at, at);
        if (!isWebhookDropped(event.checkout))
          await client.webhook("checkouts/update", checkoutBody(event.checkout, last, at, at, appUrl), at);
        await placeOrder(event.checkout, event.at, []);
        break;
      }
      case "left":
        shoppersWorld.recordLeft(event.checkout);
        break;
      case "own-order": {
        // Held out (or never emailed): no email came for this checkout, so the shopper decides on their own.
        const { checkout } = event;
        if (shoppersWorld.emailsTo(checkout) > 0) break;
        if (!ordersOnOwn(shoppersWorld.kindOf(checkout), responseDrawOf(checkout.token).draw)) break;
        if (await placeOrder(checkout, event.at, [])) ledger.ordersOnOwn++;
        break;
      }
      case "unsubscribe":
        await client.unsubscribe(event.url);
        ledger.unsubscribed++;
        break;
      case "click": {
        const destination = await client.click(event.url);
        if (!destination) break;
        ledger.clicked++;
        const token = /\/checkouts\/([0-9a-f]+)\/recover/.exec(destination)?.[1];
        const checkout = token ? byToken.get(token) : undefined;
        if (checkout && isWebhookDropped(checkout)) ledger.droppedClicked++;
        if (checkout && event.orderAfter !== null) {
          const codes = new URL(destination).searchParams.get("discount")?.split(",").filter(Boolean) ?? [];
          timeline.add({
            at: event.at + event.orderAfter * MINUTE_MS,
            kind: "click-order",
            checkout,
            codes,
            emailText: event.emailText,
          });
        }
        break;
      }
      case "click-order": {
        const { lines } = event.checkout.updates[event.checkout.updates.length - 1]!;
        const discounts = orderDiscountsFor(event.codes, event.emailText, subtotalOf(lines));
        if (await placeOrder(event.checkout, event.at, discounts)) {
          ledger.ordersAfterClick++;
          if (isWebhookDropped(event.checkout)) ledger.droppedOrdersAfterClick++;
          if (discounts.length > 0) ledger.ordersWithCode++;
        }
        break;
      }
      case "tick": {
        const report = await client.tick();
        ledger.ticks++;
        ledger.reconciliationFound += report.tasks.reconciliation?.FOUND ?? 0;
        for (const [task, message] of Object.entries(report.errors))
          ledger.tickErrors.push(`${at.toISOString()} ${task}: ${message}`);
        for (const email of readOutbox()) {
          emails++;
          const step = stepOf(email);
          ledger.emailsByStep[step] = (ledger.emailsByStep[step] ?? 0) + 1;
          const shopper = byEmail.get(email.to);
          if (!shopper) continue;
          // The shopper answers the email as sent: when it arrived (a held step later than due) and its design.
          const sentAt = email.createdAt ? new Date(email.createdAt) : at;
          const design = designShownIn(email, DEMO_SHOP_NAME);
          const factor = responseFactorOf(sentAt, shopper.engagementHour, design);
          const readAt = readingTimeOf(sentAt, shopper.engagementHour).getTime();
          const link = new RegExp(`${appUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/r/[^\\s)\\]>"']+`).exec(
            email.text,
          )?.[0];
          const checkout = shoppersWorld.checkoutOfEmail(email.to, step, email.text);
          const kind = checkout ? shoppersWorld.kindOf(checkout) : null;
          const response = checkout ? responseDrawOf(checkout.token) : null;
          const shown = offerShownIn(email.text);
          if (checkout && kind && step === ORDERING_STEP) {
            const plainAt = sentAtDelay(lastActivityOf(checkout) + ORDERING_STEP_DELAY_MINUTES * MINUTE_MS);
            ledger.secondEmails?.push({
              kind,
              atLeastMedian: subtotalOf(checkout.updates.at(-1)?.lines ?? []) >= DEMO_MEDIAN_CART_MINOR,
              design,
              baseRate: DEMO_RESPONSE[kind].afterEmails[shown],
              hourFactor: hourFactorOf(localHourOf(sentAt), shopper.engagementHour),
              plainHourFactor: hourFactorOf(localHourOf(new Date(plainAt)), shopper.engagementHour),
              sentAt: sentAt.toISOString(),
              heldMinutes: Math.max(0, Math.round((sentAt.getTime() - plainAt) / MINUTE_MS)),
            });
          }
          // The response model: the shopper orders from the second email, after the offer it shows, its hour
          // and its design, clicking when they read it.
          if (
            link &&
            kind &&
            response &&
            step === ORDERING_STEP &&
            ordersAfterEmails(kind, shown, response.draw, factor)
          ) {
            timeline.add({
              at: readAt + response.clickAfterReadingMinutes * MINUTE_MS,
              kind: "click",
              shopper,
              url: link,
              emailText: email.text,
              orderAfter: response.orderAfterClickMinutes,
            });
            continue;
          }
          // Named by what is the same on every run: the idempotency key carries our random checkout row id.
          const reaction = reactionTo(shopper, `${email.to} ${step} ${at.toISOString()}`, step, factor);
          const unsubscribeUrl = /^<(.+)>$/.exec(email.headers["List-Unsubscribe"] ?? "")?.[1];
          const mightOrder = kind !== null && response !== null && mightOrderAfterEmails(kind, response.draw);
          if (reaction.unsubscribes && unsubscribeUrl && !mightOrder)
            timeline.add({ at: readAt + 5 * MINUTE_MS, kind: "unsubscribe", url: unsubscribeUrl });
          if (link && reaction.clicksAfterReadingMinutes !== null)
            timeline.add({
              at: readAt + reaction.clicksAfterReadingMinutes * MINUTE_MS,
              kind: "click",
              shopper,
              url: link,
              emailText: email.text,
              orderAfter: null,
            });
        }
        const day = Math.min(days, Math.floor((event.at - start.getTime()) / (24 * 60 * MINUTE_MS)) + 1);
        options.onProgress?.({
          day,
          days,
          checkouts: checkouts.filter((checkout) => checkout.createdAt.getTime() <= event.at).length,
          emails,
          orders: ordered.size,
        });
        break;
      }
    }
  }
  ledger.webhooks = client.deliveries;
  return ledger;
}
