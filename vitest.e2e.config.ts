import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";
import { E2E, SERVER_ENV } from "./test/e2e/harness";

// Real-browser tests (npm run test:e2e): the built server on SQLite, Debian's Chromium driven by
// playwright-core. The test process seeds the same database through the app's modules, so it shares the
// server's configuration (secrets, encryption key) but not its NODE_ENV.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    // Empties test-results/e2e once per run; each file then makes its own database.
    globalSetup: ["test/e2e/global-setup.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    env: { ...SERVER_ENV, NODE_ENV: "test", TZ: "UTC", DATABASE_URL: E2E.databaseUrl },
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
