import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,libs,tools,charts,deploy}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", ".data/**"],
    globalSetup: ["libs/platform/testing/src/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
