// @ts-check
/**
 * `npm run deploy [-- --config <name>]`: `shopify app deploy`, after checking that the app configuration it
 * would push names this app. The repository's shopify.app.toml ships with placeholders (no client_id,
 * https://example.com as the app URL and in the OAuth redirect URLs); deploying it as it is would point every
 * shop's admin, OAuth and webhooks at example.com, since the CLI always pushes the configuration with a deploy.
 *
 *   node scripts/deploy.mjs [shopify app deploy flags]   check, then run `shopify app deploy` with the flags
 *   node scripts/deploy.mjs --check-only [--config <name>] check only
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";

const PLACEHOLDER_HOSTS = /(^|\.)(example\.(com|org|net)|localhost|127\.0\.0\.1)$/i;

/**
 * The configuration file the CLI reads for `--config <name>` (shopify.app.<name>.toml, or the file named),
 * else shopify.app.toml. @param {string[]} args @param {string} root
 */
export function configFileFor(args, root) {
  const index = args.findIndex((arg) => arg === "--config" || arg === "-c");
  const inline = args.find((arg) => arg.startsWith("--config="));
  const name = inline ? inline.slice("--config=".length) : index >= 0 ? args[index + 1] : undefined;
  if (!name) return path.join(root, "shopify.app.toml");
  return path.join(root, /^shopify\.app(\.[\w-]+)?\.toml$/.test(name) ? name : `shopify.app.${name}.toml`);
}

/** What is wrong with a configuration for a deploy, one line each (empty when it may be deployed). @param {string} file */
export function deployProblems(file) {
  const name = path.basename(file);
  if (!fs.existsSync(file)) return [`${name} does not exist: run \`shopify app config link\` to create it`];
  const config =
    /** @type {{ client_id?: string, application_url?: string, auth?: { redirect_urls?: string[] } }} */ (
      parse(fs.readFileSync(file, "utf8"))
    );
  const problems = [];
  if (!config.client_id) {
    problems.push(`${name} has no client_id: run \`shopify app config link\` to link it to your app`);
  }
  const urls = [
    ["application_url", config.application_url ?? ""],
    ...(config.auth?.redirect_urls ?? []).map((url) => /** @type {const} */ (["redirect_urls", url])),
  ];
  for (const [field, url] of urls) {
    const host = URL.canParse(url) ? new URL(url).hostname : "";
    if (!URL.canParse(url) || !url.startsWith("https://") || PLACEHOLDER_HOSTS.test(host)) {
      problems.push(
        `${name} ${field} is "${url}": set it to your app's public https URL (SHOPIFY_APP_URL` +
          `${field === "redirect_urls" ? " + /auth/callback and /auth/shopify/callback" : ""})`,
      );
    }
  }
  return problems;
}

function main() {
  const args = process.argv.slice(2);
  const checkOnly = args.includes("--check-only");
  const cliArgs = args.filter((arg) => arg !== "--check-only");
  const problems = deployProblems(configFileFor(cliArgs, process.cwd()));
  if (problems.length > 0) {
    process.stderr.write(
      `Not deploying: this configuration would point your app at a placeholder.\n` +
        `${problems.map((problem) => `  - ${problem}`).join("\n")}\n`,
    );
    process.exit(1);
  }
  if (checkOnly) return;
  const deploy = spawnSync("shopify", ["app", "deploy", ...cliArgs], { stdio: "inherit" });
  if (deploy.error) {
    process.stderr.write(
      `Could not run the Shopify CLI (npm install -g @shopify/cli): ${deploy.error.message}\n`,
    );
  }
  process.exit(deploy.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
