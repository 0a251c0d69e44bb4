/** A finished email, ready for a transport (Resend or the outbox). */
export interface ComposedEmail {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Resend tags: names and values of letters, digits, _ and - only. */
  tags: Array<{ name: string; value: string }>;
}
