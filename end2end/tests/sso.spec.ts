import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { accounts } from "./helpers";

// Single sign-on through a real OpenID provider (the certified npm `oidc-provider`, in
// end2end/oidc/provider.mjs): the button on the log-in page, the provider's own sign-in page,
// back to the page asked for; someone without an account gets no access and waits on the admin's
// list until given one; logging out offers the provider's log-out. The negative cases (wrong
// audience, expired, replayed state) are server/tests/sso.rs. Own server and database on 3102.
const root = path.resolve(__dirname, "../..");
const bin =
  process.env.READINESS_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "readiness");
const base = "http://127.0.0.1:3102";
const providerPort = 3103;
test.use({ baseURL: base });

function readyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("ready "));
      if (line) resolve(line.slice("ready ".length).trim());
    });
    child.on("exit", (code) => reject(new Error(`provider exited with ${code}`)));
  });
}

// `known`: already signed in at the provider, which then sends the browser straight back.
async function signInAtProvider(page: Page, email: string, then = "/", known = false) {
  await page.goto(`/logga-in?tillbaka=${encodeURIComponent(then)}`);
  await page.getByRole("link", { name: "Logga in med Test-IdP" }).click();
  if (known) return;
  await expect(page).toHaveTitle("Logga in hos test-IdP");
  await page.getByLabel("E-post").fill(email);
  await page.getByRole("button", { name: "Logga in hos IdP" }).click();
}

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test("signing in through the identity provider, and getting access as a newcomer", async ({ browser }) => {
  test.setTimeout(120_000);
  const provider = spawn("node", ["oidc/provider.mjs"], {
    cwd: path.join(root, "end2end"),
    env: {
      ...process.env,
      OIDC_PORT: String(providerPort),
      OIDC_CLIENT_ID: "readiness",
      OIDC_CLIENT_SECRET: "e2e-hemlighet",
      OIDC_REDIRECT_URI: `${base}/auth/oidc/callback`,
      OIDC_POST_LOGOUT_REDIRECT_URI: `${base}/logga-in?utloggad=1`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const issuer = await readyLine(provider);
  const db = path.join(mkdtempSync(path.join(tmpdir(), "readiness-sso-")), "sso.db");
  const load = spawnSync(bin, ["--database", db, "sample", "load", "data/sample"], { cwd: root, encoding: "utf8" });
  expect(load.status, load.stderr).toBe(0);
  const server = spawn(bin, ["--database", db, "serve", "--addr", "127.0.0.1:3102"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      READINESS_PUBLIC_URL: base,
      READINESS_OIDC_ISSUER: issuer,
      READINESS_OIDC_CLIENT_ID: "readiness",
      READINESS_OIDC_CLIENT_SECRET: "e2e-hemlighet",
      READINESS_OIDC_LABEL: "Test-IdP",
    },
  });
  try {
    await expect
      .poll(async () => (await fetch(`${base}/health`).catch(() => null))?.status, { timeout: 30_000 })
      .toBe(200);

    // The working group's member signs in at the provider and lands on the page asked for.
    const group = await browser.newContext({ baseURL: base });
    const page = await group.newPage();
    await signInAtProvider(page, accounts.group[0], "/matris?utvardering=USV2026");
    await expect(page).toHaveURL(`${base}/matris?utvardering=USV2026`);
    await expect(page.locator(".who-role")).toHaveText("arbetsgrupp");
    // Logging out ends our session and offers the provider's log-out, which comes back here.
    await page.getByRole("button", { name: "Logga ut" }).click();
    await expect(page.getByText("Du är utloggad.")).toBeVisible();
    await page.getByRole("link", { name: "Logga ut från Test-IdP också" }).click();
    await page.getByRole("button", { name: "Logga ut hos IdP" }).click();
    await expect(page).toHaveURL(/\/logga-in\?utloggad=1/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/logga-in/);
    await group.close();

    // A newcomer the provider knows but readiness does not: no access, and listed for the admin.
    const newcomer = await browser.newContext({ baseURL: base });
    const newPage = await newcomer.newPage();
    await signInAtProvider(newPage, "Ny.Kollega@Exempel.se");
    await expect(newPage).toHaveURL(`${base}/ingen-atkomst`);
    await expect(newPage.getByRole("heading", { name: "Ingen åtkomst ännu" })).toBeVisible();
    await axeClean(newPage);
    await newPage.goto("/");
    await expect(newPage).toHaveURL(/\/logga-in/);

    // The admin (password sign-in stays on here) creates the account from the list.
    const adminContext = await browser.newContext({ baseURL: base });
    const admin = await adminContext.newPage();
    await admin.goto("/logga-in?tillbaka=%2Fanvandare");
    await axeClean(admin);
    await admin.getByLabel("E-postadress").fill(accounts.admin[0]);
    await admin.getByLabel("Lösenord").fill(accounts.admin[1]);
    await admin.getByRole("button", { name: "Logga in", exact: true }).click();
    const waiting = admin.getByRole("region", { name: "Väntar på åtkomst" });
    await expect(waiting.getByRole("cell", { name: "ny.kollega@exempel.se", exact: true })).toBeVisible();
    await axeClean(admin);
    await waiting.getByRole("link", { name: "Skapa konto för ny.kollega@exempel.se" }).click();
    await expect(admin.getByLabel("E-postadress")).toHaveValue("ny.kollega@exempel.se");
    await admin.getByLabel("Roll").selectOption("lasare");
    await admin.getByRole("button", { name: "Skapa användare" }).click();
    await expect(admin.getByRole("cell", { name: "ny.kollega@exempel.se" }).first()).toBeVisible();
    await expect(admin.getByRole("heading", { name: "Väntar på åtkomst" })).toHaveCount(0);
    await adminContext.close();

    // Now the newcomer's next sign-in at the provider opens readiness, read-only.
    await signInAtProvider(newPage, "ny.kollega@exempel.se", "/", true);
    await expect(newPage).toHaveURL(`${base}/`);
    await expect(newPage.locator(".who-role")).toHaveText("läsare");
    await newcomer.close();
  } finally {
    server.kill();
    provider.kill();
  }
});
