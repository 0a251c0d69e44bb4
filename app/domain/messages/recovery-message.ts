import type { Deadline } from "~/lib/clock.server";
import type { Money } from "~/lib/money";

/**
 * The contract between the recovery engine and a channel: what to say, to whom, through which channel, with
 * which offer and links. It says nothing of layout: a channel (email today) composes it into its own form,
 * renders and delivers it, and a second channel is a new renderer and transport, not a fork of this.
 */

/** The channels a message can go through. */
export type MessageChannelName = "email";

/**
 * The email designs a merchant picks per step (app/domain/email/templates/): product-led (the cart's items lead,
 * the first design), image-led (large product pictures), offer-led (the code and its expiry lead) and a plain
 * personal note from the shop owner with little styling.
 */
export const EMAIL_TEMPLATES = ["PRODUCT", "IMAGE", "OFFER", "NOTE"] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];
export const DEFAULT_EMAIL_TEMPLATE: EmailTemplate = "PRODUCT";
export const EMAIL_TEMPLATE_LABELS: Record<EmailTemplate, string> = {
  PRODUCT: "Product-led",
  IMAGE: "Image-led",
  OFFER: "Offer-led",
  NOTE: "Personal note",
};

/** How the copy speaks: friendly and calm (the first copy), or short and direct. */
export const COPY_TONES = ["FRIENDLY", "DIRECT"] as const;
export type CopyTone = (typeof COPY_TONES)[number];
export const DEFAULT_COPY_TONE: CopyTone = "FRIENDLY";
export const COPY_TONE_LABELS: Record<CopyTone, string> = { FRIENDLY: "Friendly", DIRECT: "Direct" };

/** A step's content variants (a content experiment): A is the step as written, B and C its alternatives. */
export const CONTENT_VARIANTS = ["A", "B", "C"] as const;
export type ContentVariant = (typeof CONTENT_VARIANTS)[number];

export interface RecoveryLine {
  productId: string | null;
  variantId: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  unitPrice: Money;
  linePrice: Money;
  imageUrl: string | null;
}

export interface RecoveryOffer {
  /** The codes the link applies (a percentage and a free-shipping code, or one of them). */
  codes: string[];
  percentOff: number;
  freeShipping: boolean;
  /** The codes stop working at this moment. */
  expiresAt: Date;
  /** The cart must be worth at least this (the tier threshold), in shop currency. */
  minimumSubtotal: Money;
}

/** The message's public links, signed and ready to show. */
export interface RecoveryLinks {
  /** Tracked, signed link back to the checkout (with the offer's codes applied). */
  recovery: string;
  /** One-click unsubscribe for this shop and address (message-links.server.ts). */
  unsubscribe: string;
}

export interface RecoveryMessage {
  channel: MessageChannelName;
  shop: string;
  shopName: string;
  /** One line, for the footer; null when Shopify did not give one. */
  shopAddress: string | null;
  /** The shop's IANA time zone, for dates such as the offer's expiry. */
  timezone: string;
  /** The storefront's origin (primary domain), for product links. */
  storefrontUrl: string;
  /** The shopper's address on the channel (an email address), decrypted just for this send. */
  to: string;
  firstName: string | null;
  /** BCP 47 locale of the checkout, when Shopify sent one. */
  locale: string | null;
  checkoutId: string;
  enrollmentId: string;
  sendId: string;
  step: number;
  stepCount: number;
  /** The subject of the step's variant the engine chose, from the merchant's settings; the channel may localize it. */
  subject: string;
  /** The step's content variant (A, B or C) when the step runs a content experiment, else null. */
  subjectVariant: ContentVariant | null;
  /** The design the email is rendered in. */
  template: EmailTemplate;
  /** The tone the copy is written in. */
  tone: CopyTone;
  lines: RecoveryLine[];
  subtotal: Money;
  offer: RecoveryOffer | null;
  links: RecoveryLinks;
  sender: {
    displayName: string | null;
    /** The merchant's reply-to, or the shop's contact email. */
    replyTo: string | null;
    logoUrl: string | null;
    accentColor: string;
  };
  /** Whether AI-written copy may be used for this shop. */
  aiCopy: boolean;
}

export type SendResult =
  | {
      ok: true;
      /**
       * The provider's id of the email, which its delivery events name; null when the provider said the email
       * was already sent without saying which (learned from the email's first event).
       */
      providerMessageId: string | null;
      /**
       * The subject that went out, when the channel composed it: the merchant's, or the copy's when the
       * merchant's is in another language than the shopper's.
       */
      subject?: string;
    }
  | {
      ok: false;
      retryable: boolean;
      reason: string;
      retryAfterMs?: number;
      /** The provider refused for its rate limit (429): nothing was sent, and this step did nothing wrong. */
      rateLimited?: boolean;
      /** With rateLimited: the provider's daily or monthly email quota is used up (retryAfterMs: when to ask again). */
      quotaExceeded?: boolean;
    };

/** How one message is handed over: its key, and what lets the channel group it with others into one request. */
export interface DeliveryOptions {
  /** The step's own key: the same key never results in a second message. */
  idempotencyKey: string;
  now: Date;
  /** The shop it is sent for: a provider batch holds one shop's emails. */
  shop?: string;
  /** The send's row (RecoverySend.id), which records the batch it is handed to before the request. */
  sendId?: string;
  /**
   * The batch an earlier attempt handed this message to, if any: it goes again in a batch under that key, so
   * a provider that accepted the first request answers it as a repeat instead of sending a second email.
   */
  batchKey?: string | null;
  /** The tick's: the channel waits for the provider's rate limit only until then. */
  deadline?: Deadline;
}

/** A channel the engine sends through: email today (sending/create-mailer.server.ts). */
export interface MessageChannel {
  /** Sends one recovery message. The same idempotency key never results in a second message. */
  send(message: RecoveryMessage, options: DeliveryOptions): Promise<SendResult>;
  /**
   * How much longer the provider is paused for every instance (its 429's Retry-After, a used-up quota), 0 when
   * it is not: the tick claims no steps while the pause outlasts it.
   */
  providerPausedForMs?(): Promise<number>;
}
