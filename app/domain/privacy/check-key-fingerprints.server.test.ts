import { afterEach, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { storeCheckout } from "../../../test/helpers/shoppers";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { checkHashKey, checkKeyFingerprints, checkLinkKeys } from "./check-key-fingerprints.server";

// The test environment's keys (vitest.config.ts): the ones this database's data was made with.
const FIRST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const API_SECRET = "testApiSecretKey";
const NEW_KEY = Buffer.alloc(32, 42).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 43).toString("base64");
const LINK_KEY = Buffer.alloc(32, 44).toString("base64");
const NEXT_LINK_KEY = Buffer.alloc(32, 45).toString("base64");

const reloadedClients: Array<{ $disconnect(): Promise<void> }> = [];

/** The checks as a server started with these variables would run them, on this test's database. */
async function startingWith(variables: Record<string, string>) {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.resetModules();
  const module = await import("./check-key-fingerprints.server");
  const rotation = await import("./reencrypt-personal-data.server");
  reloadedClients.push((await import("~/db.server")).prisma);
  return {
    checkHashKey: () => module.checkHashKey(prisma),
    checkLinkKeys: () => module.checkLinkKeys(prisma),
    checkKeyFingerprints: () => module.checkKeyFingerprints(prisma),
    reencrypt: () => rotation.reencryptPersonalData(),
  };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  for (const client of reloadedClients.splice(0)) await client.$disconnect();
});

const stored = (purpose: string) =>
  prisma.keyFingerprint.findMany({ where: { purpose }, select: { fingerprint: true } });

describe("the email hash key's fingerprint", () => {
  it("is recorded on the first start of an empty database, a one-way value, and lets the same key start again", async () => {
    expect(await checkHashKey()).toEqual({ ok: true });
    const rows = await stored("EMAIL_HASH");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.fingerprint).not.toContain(Buffer.from(FIRST_KEY, "base64").toString("hex"));
    expect(await checkHashKey()).toEqual({ ok: true });
    expect(await stored("EMAIL_HASH")).toEqual(rows);
  });

  it("refuses to start with another hash key, naming what to set", async () => {
    expect(await checkHashKey()).toEqual({ ok: true });

    // Rotated, and the data re-encrypted, but DATA_HASH_KEY never set: the hash key became the new key.
    const forgotten = await (await startingWith({ DATA_ENCRYPTION_KEY: NEW_KEY })).checkHashKey();
    expect(forgotten.ok).toBe(false);
    const reason = forgotten.ok ? "" : forgotten.reason;
    expect(reason).toMatch(
      /^Refusing to start: the email hashes in this database .* another key than DATA_ENCRYPTION_KEY \(DATA_HASH_KEY is not set\)/,
    );
    expect(reason).toContain("Set DATA_HASH_KEY to the key they were made with");
    expect(reason).not.toContain("\n");
    for (const key of [FIRST_KEY, NEW_KEY]) expect(reason).not.toContain(key);

    const wrong = await startingWith({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: FIRST_KEY,
      DATA_HASH_KEY: OTHER_KEY,
    });
    expect(await wrong.checkHashKey()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("than DATA_HASH_KEY"),
    });

    const right = await startingWith({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: FIRST_KEY,
      DATA_HASH_KEY: FIRST_KEY,
    });
    expect(await right.checkHashKey()).toEqual({ ok: true });
    expect(await stored("EMAIL_HASH")).toHaveLength(1);
  });

  it("checks a database from before fingerprints against its oldest stored address before recording one", async () => {
    await installTestShop(SHOP_A);
    await storeCheckout(
      SHOP_A,
      { email: "opted.out@example.org", firstName: "Olive", customerId: "1" },
      {
        token: "old-1",
        cartToken: "old-cart",
      },
    );

    // Rotated and sealed again under the new key, then DATA_HASH_KEY was dropped along with the old key.
    const rotation = await startingWith({
      DATA_ENCRYPTION_KEY: NEW_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: FIRST_KEY,
      DATA_HASH_KEY: FIRST_KEY,
    });
    expect((await rotation.reencrypt()).checkout).toBe(3);
    const withoutHashKey = await startingWith({ DATA_ENCRYPTION_KEY: NEW_KEY });
    expect(await withoutHashKey.checkHashKey()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("a stored address hashes differently with it"),
    });
    expect(await stored("EMAIL_HASH")).toEqual([]);

    const kept = await startingWith({ DATA_ENCRYPTION_KEY: NEW_KEY, DATA_HASH_KEY: FIRST_KEY });
    expect(await kept.checkHashKey()).toEqual({ ok: true });
    expect(await stored("EMAIL_HASH")).toHaveLength(1);
  });
});

describe("the link signing keys' fingerprints", () => {
  it("records every key that signed links and refuses to start when one of them is no longer accepted", async () => {
    expect(await checkLinkKeys()).toEqual({ ok: true });
    expect(await stored("LINK_SIGNING")).toHaveLength(1);

    // A link signing key is introduced: links signed with the app secret before still verify.
    const introduced = await startingWith({ LINK_SIGNING_KEY: LINK_KEY });
    expect(await introduced.checkLinkKeys()).toEqual({ ok: true });
    expect(await stored("LINK_SIGNING")).toHaveLength(2);

    // The Shopify secret is rotated without keeping the old one: the oldest links would break.
    const secretRotated = await startingWith({ LINK_SIGNING_KEY: LINK_KEY, SHOPIFY_API_SECRET: "rotated" });
    const refused = await secretRotated.checkLinkKeys();
    expect(refused.ok).toBe(false);
    const reason = refused.ok ? "" : refused.reason;
    expect(reason).toMatch(/^Refusing to start: links already sent .* no longer configured/);
    expect(reason).toContain("Put the replaced SHOPIFY_API_SECRET in SHOPIFY_API_SECRET_PREVIOUS");
    expect(reason).not.toContain(API_SECRET);

    const secretKept = await startingWith({
      LINK_SIGNING_KEY: LINK_KEY,
      SHOPIFY_API_SECRET: "rotated",
      SHOPIFY_API_SECRET_PREVIOUS: API_SECRET,
    });
    expect(await secretKept.checkLinkKeys()).toEqual({ ok: true });

    // The link signing key itself is rotated: the replaced one must stay as a previous key.
    const keyRotated = await startingWith({
      LINK_SIGNING_KEY: NEXT_LINK_KEY,
      SHOPIFY_API_SECRET: "rotated",
      SHOPIFY_API_SECRET_PREVIOUS: API_SECRET,
    });
    expect(await keyRotated.checkLinkKeys()).toMatchObject({ ok: false });
    const keyKept = await startingWith({
      LINK_SIGNING_KEY: NEXT_LINK_KEY,
      LINK_SIGNING_KEY_PREVIOUS: LINK_KEY,
      SHOPIFY_API_SECRET: "rotated",
      SHOPIFY_API_SECRET_PREVIOUS: API_SECRET,
    });
    expect(await keyKept.checkLinkKeys()).toEqual({ ok: true });
    expect(await stored("LINK_SIGNING")).toHaveLength(3);
  });

  it("runs after the hash key check, which refuses first", async () => {
    expect(await checkKeyFingerprints()).toEqual({ ok: true });
    const both = await startingWith({ DATA_ENCRYPTION_KEY: NEW_KEY, SHOPIFY_API_SECRET: "rotated" });
    expect(await both.checkKeyFingerprints()).toMatchObject({
      ok: false,
      reason: expect.stringContaining("email hashes"),
    });
  });
});
