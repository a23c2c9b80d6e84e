import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,libs,tools,charts,deploy}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", ".data/**"],
    globalSetup: ["libs/platform/testing/src/global-setup.ts"],
    pool: "forks",
    // Test files wait on Postgres and Redis far more than on the CPU: two workers keep both cores
    // busy, and reusing each worker's module graph across files (every file still gets its own
    // database) saves re-importing the whole platform per file, most of a run's time.
    maxWorkers: 2,
    isolate: false,
    // Several tests clone a database or boot a service in their own body; on a loaded CI machine
    // one such test once needed more than 30 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
