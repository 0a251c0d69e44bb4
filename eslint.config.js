// @ts-check
import js from "@eslint/js";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import boundaries from "./scripts/eslint-boundaries.js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "app/generated/",
      "app/graphql/generated/",
      "coverage/",
      ".demo/",
      ".outbox/",
      "bench-results/",
      "extensions/*/dist/",
      "data/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      "react/prop-types": "off",
    },
  },
  {
    // App and server code log through pino (app/lib/logger.server.ts), never the console.
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts", "extensions/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-console": "error" },
  },
  {
    // One clock seam: only app/lib/clock.server.ts reads the machine's clock. Everything else is given `now`
    // (or a Deadline), so tests set the time of a whole request and the suite passes on any date and hour.
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}", "app/lib/clock.server.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...[
          ["Date", "now"],
          ["performance", "now"],
          ["process", "hrtime"],
        ].map(([object, property]) => ({
          object,
          property,
          message: "Read time through app/lib/clock.server.ts (currentTime, deadlineAfter, startStopwatch).",
        })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            "Take `now` as an argument, or read currentTime() from app/lib/clock.server.ts in a route.",
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: "Date() reads the machine's clock: take `now` as an argument.",
        },
      ],
    },
  },
  {
    // Module boundaries (scripts/eslint-boundaries.js, docs/ARCHITECTURE.md): imports point down the layers, and
    // a domain folder is entered through its index.ts. Tests may reach into the code they test.
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    plugins: { cartback: boundaries },
    rules: { "cartback/layers": "error", "cartback/domain-faces": "error" },
  },
);
