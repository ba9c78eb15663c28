import { expect, test } from "@playwright/test";
import { allPages, logIn } from "./helpers";

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
  // The navigation is all there, inside the header.
  const header = await page.locator(".site-header").boundingBox();
  for (const link of await page.locator(".site-header nav a").all()) {
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(header!.y + header!.height);
  }
});
