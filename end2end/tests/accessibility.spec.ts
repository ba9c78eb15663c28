import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createHash } from "node:crypto";
import { allPages, hydrated, logIn } from "./helpers";

// axe-core (WCAG 2.0/2.1 A and AA) on every page, for each role, in Swedish and in English,
// with the forms and folded parts open, on a desktop and on a phone.
const pages = allPages;

// The `main` of each page already checked, by language and width. A role that sees the same
// `main` as another (the matrix is the same for every reader) gets the rest of its page checked
// (header, menu, footer, the document as a whole) and not that `main` again: axe answers from
// the DOM, so the same DOM gives the same answer, and the matrix alone takes 20 s.
const checkedMains = new Set<string>();

async function violations(page: Page): Promise<string[]> {
  // Open every folded part (report forms, history, chart tables) so axe sees what a person can.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  const main = await page.evaluate(
    () => `${document.documentElement.lang} ${window.innerWidth} ${document.querySelector("main")?.outerHTML ?? ""}`,
  );
  const key = createHash("sha256").update(main).digest("hex");
  const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (checkedMains.has(key)) axe.exclude("main");
  const result = await axe.analyze();
  checkedMains.add(key);
  return result.violations.map(
    (v) => `${page.url()} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")})`,
  );
}

for (const who of ["admin", "group", "lead", "reader"] as const) {
  test(`axe finds nothing on any page for ${who}, in both languages`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/logga-in");
    const found = await violations(page);
    await logIn(page, who);
    for (const lang of ["sv", "en"]) {
      if (lang === "en") {
        await hydrated(page);
        await page.getByRole("link", { name: "In English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
      for (const path of pages) {
        await page.goto(path);
        await expect(page.locator("main")).toBeVisible();
        found.push(...(await violations(page)));
      }
    }
    expect(found).toEqual([]);
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 780 } });
  test("axe finds nothing at 360 px", async ({ page }) => {
    test.setTimeout(120_000);
    await logIn(page, "group");
    const found: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      found.push(...(await violations(page)));
    }
    expect(found).toEqual([]);
  });
});
