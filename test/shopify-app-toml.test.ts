import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "~/lib/env.server";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}

const root = process.cwd();
const tomlText = fs.readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const toml = parse(tomlText) as unknown as {
  build: Record<string, unknown>;
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: Subscription[] };
};
const routeFiles = fs
  .readdirSync(path.join(root, "app", "routes"))
  .filter((file) => /^webhooks\..*\.tsx?$/.test(file) && !file.includes(".test."));

/** /webhooks/checkouts/update -> webhooks.checkouts.update.tsx */
const routeFileFor = (uri: string) =>
  routeFiles.find((file) => file.replace(/\.tsx?$/, "") === uri.replace(/^\//, "").replaceAll("/", "."));

describe("shopify.app.toml", () => {
  it("uses the Admin API version the app is built for", () => {
    expect(toml.webhooks.api_version).toBe("2026-10");
  });

  it("sets no field the CLI has dropped (include_config_on_deploy: configuration is always deployed now)", () => {
    expect(Object.keys(toml.build)).not.toContain("include_config_on_deploy");
  });

  it("asks for exactly the scopes the app expects by default", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([...DEFAULT_SCOPES].sort());
  });

  it("delivers each topic to /webhooks/<topic>, handled by a route file named in a comment above it", () => {
    for (const subscription of toml.webhooks.subscriptions) {
      const topics = [...(subscription.topics ?? []), ...(subscription.compliance_topics ?? [])];
      expect(topics).toHaveLength(1);
      expect(subscription.uri).toBe(`/webhooks/${topics[0]}`);
      const file = routeFileFor(subscription.uri);
      expect(file, `route file for ${subscription.uri}`).toBeDefined();
      const block = tomlText.slice(0, tomlText.indexOf(`uri = "${subscription.uri}"`));
      expect(block.slice(block.lastIndexOf("[[webhooks.subscriptions]]") - 120)).toContain(
        `app/routes/${file}`,
      );
    }
  });

  it("subscribes every webhook route", () => {
    const subscribed = new Set(
      toml.webhooks.subscriptions.map((subscription) => routeFileFor(subscription.uri)),
    );
    const unsubscribed = routeFiles.filter(
      (file) => !subscribed.has(file) && !file.startsWith("webhooks.resend"),
    );
    expect(unsubscribed).toEqual([]);
  });
});
