// Takes the README's screenshots from a running server: `node screenshots.mjs [base URL]`.
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:3100";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--lang=sv-SE"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "sv-SE" });
await page.goto(base + "/logga-in");
await page.screenshot({ path: "screenshots/login.png" });
console.log("end2end/screenshots/login.png");
// The working group sees everything, with the reporting controls.
await page.fill('input[name="email"]', "arbetsgrupp@exempel.se");
await page.fill('input[name="password"]', "demo-arbetsgrupp-2026");
await Promise.all([page.waitForURL(base + "/"), page.click('button[type="submit"]')]);
for (const [name, path] of [
  ["overview", "/"],
  ["matrix", "/matris?utvardering=USV2026"],
  ["unit", "/enhet/E003?utvardering=USV2026"],
  ["trends", "/trender?utvardering=USV2026"],
  ["report", "/rapport"],
  ["import", "/importera"],
  ["forecast", "/prognos?utvardering=ALF2028"],
]) {
  await page.goto(base + path);
  await page.screenshot({ path: `screenshots/${name}.png` });
  console.log(`end2end/screenshots/${name}.png`);
}
// The same session on a phone.
await page.setViewportSize({ width: 390, height: 844 });
for (const [name, path] of [
  ["overview", "/"],
  ["unit", "/enhet/E003?utvardering=USV2026"],
  ["matrix", "/matris?utvardering=USV2026"],
  ["forecast", "/prognos?utvardering=ALF2028"],
]) {
  await page.goto(base + path);
  await page.screenshot({ path: `screenshots/phone-${name}.png` });
  console.log(`end2end/screenshots/phone-${name}.png`);
}
await browser.close();
