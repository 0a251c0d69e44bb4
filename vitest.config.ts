import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// With TEST_POSTGRES_URL the suite runs again on PostgreSQL (.ci/run): only the files that reach the database,
// since pure logic, the demo (embedded SQLite by design) and the built server's boot do not change with it.
// TEST_DATABASE_ONLY=1 runs the same files on SQLite (.ci/run's shifted-clock pass when PostgreSQL is absent).
const DATABASE_TESTS = [
  "app/**/*.server.test.{ts,tsx}",
  "app/routes/**/*.test.{ts,tsx}",
  "app/domain/catalog/import-catalog-sync.memory.test.ts",
  "test/**/*.test.ts",
  "scripts/db.test.ts",
  "scripts/report-rollups-sql.test.ts",
  "scripts/segments-migration.test.ts",
  "scripts/profit-rollups-migration.test.ts",
  "scripts/rollup-buckets-migration.test.ts",
];
const ALL_TESTS = [
  "app/**/*.test.{ts,tsx}",
  "server/**/*.test.ts",
  "scripts/**/*.test.ts",
  "test/**/*.test.ts",
  "demo/**/*.test.ts",
  "bench/**/*.test.ts",
  "extensions/**/*.test.ts",
  "evaluation/**/*.test.ts",
];
const isDatabasePass = Boolean(process.env.TEST_POSTGRES_URL || process.env.TEST_DATABASE_ONLY);

// Three projects split the same files by what they need (README, Development): `unit` is every file in
// neither of the other two (`npm run test:unit`, the quick loop while editing). A file is in exactly one
// project, so `vitest run` runs each once. Tests that spawn processes (the demo, the built server, the
// Shopify CLI, the Docker steps, the db script, the benchmarks): seconds each.
const SLOW_TESTS = [
  "demo/demo.test.ts",
  "server/boot.test.ts",
  "server/shopify-cli-dev.test.ts",
  "scripts/db.test.ts",
  "scripts/deploy.test.ts",
  "scripts/dockerfile.test.ts",
  "test/faults.test.ts",
  "bench/**/*.test.ts",
];
// Tests that read and write their file's database (test/setup/database.ts).
const DATABASE_PROJECT_TESTS = [
  "app/**/*.server.test.{ts,tsx}",
  "app/routes/**/*.test.{ts,tsx}",
  "app/domain/catalog/import-catalog-sync.memory.test.ts",
  "server/remix-handler.test.ts",
  "server/webhook-fast-path.test.ts",
  "test/hostile-input.test.ts",
  "test/tenant-isolation.test.ts",
];
// On the database pass the slow and database projects keep only DATABASE_TESTS' files: none of these are.
const OUTSIDE_DATABASE_TESTS = [
  "server/**",
  "demo/**",
  "bench/**",
  "scripts/deploy.test.ts",
  "scripts/dockerfile.test.ts",
];

// Unit, loader and route tests. The Remix Vite plugin is left out on purpose: tests import modules directly.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Every project extends this config (setup files, env, timeouts, pool); array options such as `exclude`
    // add up with each project's own.
    exclude: ["**/node_modules/**", "build/**", "test/e2e/**"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: isDatabasePass ? DATABASE_TESTS : ALL_TESTS,
          exclude: [...SLOW_TESTS, ...DATABASE_PROJECT_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: "database",
          include: DATABASE_PROJECT_TESTS,
          exclude: [...SLOW_TESTS, ...(isDatabasePass ? OUTSIDE_DATABASE_TESTS : [])],
        },
      },
      {
        extends: true,
        test: {
          name: "slow",
          include: SLOW_TESTS,
          exclude: isDatabasePass ? OUTSIDE_DATABASE_TESTS : [],
        },
      },
    ],
    environment: "node",
    pool: "forks",
    globalSetup: ["test/setup/global.ts"],
    // Order matters: outgoing HTTP is intercepted before any app module captures fetch, and each test file
    // gets its own database before the app's Prisma client is created.
    setupFiles: ["test/setup/msw.ts", "test/setup/database.ts", "test/setup/console.ts"],
    env: {
      TZ: "UTC",
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      SHOPIFY_API_KEY: "testApiKey",
      SHOPIFY_API_SECRET: "testApiSecretKey",
      SHOPIFY_APP_URL: "https://my-test-app.myshopify.io",
      CRON_SECRET: "test-cron-secret-0123456789abcdef0123456789",
      DATA_ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      RESEND_WEBHOOK_SECRET: "whsec_dGVzdC1yZXNlbmQtd2ViaG9vay1zZWNyZXQ=",
      EMAIL_FROM: "Cartback <recover@cartback.test>",
      // Tests that send through the app's own transport would otherwise wait out Resend's 2 requests a second
      // in real time; the pacer has its own tests on a simulated clock (app/lib/send-pacer.server.test.ts).
      EMAIL_REQUESTS_PER_SECOND: "10000",
    },
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
});
