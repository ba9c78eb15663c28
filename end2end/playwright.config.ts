import { defineConfig } from "@playwright/test";

// Chromium comes from Debian (`apt-get install chromium`); Playwright never downloads a browser.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  globalTimeout: 14 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:3100",
    locale: "sv-SE",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "bash ../.ci/e2e-server",
    url: "http://127.0.0.1:3100/health",
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
