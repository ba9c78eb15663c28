// Takes the README's screenshots from a running server with the sample data:
// `node screenshots.mjs [base URL]`. Every page at 1,400 px and at 390 px (a phone), as the
// working group sees it (it sees every page); the log-in page and the statement signed out.
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:3100";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--lang=sv-SE"],
});

// [file name, path]: one row of the README's tables each.
const pages = [
  ["overview", "/"],
  ["matrix", "/matris?utvardering=USV2026"],
  ["unit", "/enhet/E003?utvardering=USV2026"],
  ["criterion", "/kriterium/USV-F01"],
  ["forecast", "/prognos?utvardering=ALF2028"],
  ["trends", "/trender?utvardering=USV2026"],
  ["alf", "/alf"],
  ["report", "/rapport"],
  ["baselines", "/baslinjer"],
  ["compare", "/jamfor"],
  ["review", "/granska"],
  ["import", "/importera"],
  ["users", "/anvandare"],
  ["account", "/konto"],
  ["accessibility", "/tillganglighet"],
];

async function shoot(page, name) {
  // Interactive first: the phone menu folds once the page has hydrated.
  await page.locator("html[data-hydrated]").waitFor({ timeout: 15000 });
  await page.screenshot({ path: `screenshots/${name}.png` });
  console.log(`end2end/screenshots/${name}.png`);
}

for (const [prefix, viewport] of [
  ["", { width: 1400, height: 900 }],
  ["phone-", { width: 390, height: 844 }],
]) {
  const page = await browser.newPage({ viewport, locale: "sv-SE" });
  await page.goto(base + "/logga-in");
  await shoot(page, `${prefix}login`);
  // The working group sees every page; the users page needs the admin.
  for (const [who, password, only] of [
    ["arbetsgrupp@exempel.se", "demo-arbetsgrupp-2026", (name) => name !== "users"],
    ["admin@exempel.se", "demo-admin-2026", (name) => name === "users"],
  ]) {
    await page.context().clearCookies();
    await page.goto(base + "/logga-in");
    await page.fill('input[name="email"]', who);
    await page.fill('input[name="password"]', password);
    await Promise.all([page.waitForURL(base + "/"), page.click('button[type="submit"]')]);
    for (const [name, path] of pages.filter(([name]) => only(name))) {
      await page.goto(base + path);
      await shoot(page, prefix + name);
    }
  }
  if (prefix === "phone-") {
    await page.goto(base + "/");
    await page.locator("html[data-hydrated]").waitFor();
    await page.getByRole("button", { name: "Meny" }).click();
    await page.screenshot({ path: "screenshots/phone-menu.png" });
    console.log("end2end/screenshots/phone-menu.png");
  }
  await page.close();
}
await browser.close();
