import type { Session } from "@shopify/shopify-api";
import { decryptField, encryptField, isEnvelope } from "./encryption.server";

/**
 * Shopify's session storage with the access and refresh tokens sealed (AES-GCM under DATA_ENCRYPTION_KEY, the
 * shop as associated data, like shoppers' personal fields): a copy of the database alone does not let anyone
 * call a shop's Admin API. Sessions stored in clear before this (or by another tool) are read as they are and
 * sealed in place the first time they are loaded.
 */

/** The part of a session storage the Shopify library uses. */
export interface SessionStore {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

const TOKEN_FIELDS = ["accessToken", "refreshToken"] as const;

function withTokens(session: Session, open: (value: string) => string): Session {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(session) as object) as Session, session);
  for (const field of TOKEN_FIELDS) {
    const value = session[field];
    if (typeof value === "string" && value !== "") copy[field] = open(value);
  }
  return copy;
}

const sealOf = (session: Session) =>
  withTokens(session, (token) => (isEnvelope(token) ? token : (encryptField(session.shop, token) as string)));

const openOf = (session: Session) =>
  withTokens(session, (token) => (isEnvelope(token) ? (decryptField(session.shop, token) as string) : token));

const holdsClearToken = (session: Session) =>
  TOKEN_FIELDS.some((field) => {
    const value = session[field];
    return typeof value === "string" && value !== "" && !isEnvelope(value);
  });

export function sealedSessionStorage<Store extends SessionStore>(inner: Store): Store {
  const open = async (stored: Session) => {
    if (holdsClearToken(stored)) await inner.storeSession(sealOf(stored));
    return openOf(stored);
  };
  return Object.assign(Object.create(inner) as Store, {
    storeSession: (session: Session) => inner.storeSession(sealOf(session)),
    loadSession: async (id: string) => {
      const stored = await inner.loadSession(id);
      return stored ? open(stored) : undefined;
    },
    findSessionsByShop: async (shop: string) =>
      Promise.all((await inner.findSessionsByShop(shop)).map((stored) => open(stored))),
  });
}
