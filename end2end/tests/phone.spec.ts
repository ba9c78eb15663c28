import { expect, test } from "@playwright/test";
import { allPages, hydrated, logIn } from "./helpers";

// On a phone (360 px) no page scrolls sideways: the header wraps, cards take the whole width,
// wide tables scroll inside their own box and the charts scale.
test.use({ viewport: { width: 360, height: 780 } });

const pages = allPages;

test("no page scrolls sideways at 360 px", async ({ page }) => {
  await page.goto("/logga-in");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await logIn(page, "admin");
  const wide: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${path}: ${width} px`);
  }
  expect(wide).toEqual([]);
  // The navigation folds behind a menu button; opened, it is all there, inside the header.
  await hydrated(page);
  const menu = page.getByRole("button", { name: "Meny" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(".site-header nav a").first()).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(".site-header nav a").first()).toBeVisible();
  const header = await page.locator(".site-header").boundingBox();
  for (const link of await page.locator(".site-header nav a").all()) {
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(header!.y + header!.height);
  }
  // Escape closes it and focus goes back to the button; a link closes it on the next page.
  await page.locator(".site-header nav a").first().focus();
  await page.keyboard.press("Escape");
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await page.locator(".site-header nav").getByRole("link", { name: "Matris" }).click();
  await expect(page).toHaveURL(/\/matris/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("the header is one row at 1,400 px for the admin, who has the most links, in both languages", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await logIn(page, "admin");
  for (const lang of ["sv", "en"]) {
    if (lang === "en") {
      await hydrated(page);
      await page.getByRole("link", { name: "In English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    const bottoms = await page
      .locator(".site-header > :visible")
      .evaluateAll((items) => items.map((e) => Math.round(e.getBoundingClientRect().bottom)));
    const brand = (await page.locator(".site-header .brand").boundingBox())!;
    for (const bottom of bottoms) expect(bottom, lang).toBeLessThan(brand.y + brand.height + 20);
  }
});
