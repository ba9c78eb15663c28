import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// Leadership reads: every page needs a signed-in user.
test.beforeEach(async ({ page }) => {
  await logIn(page, "reader");
});

test("overview → matrix → filter → unit → English → as_of", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Översikt" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Exempeldata");
  await expect(page.locator(".countdown").first()).toContainText("2026-12-01");
  await hydrated(page);

  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Matris" }).click();
  await expect(page).toHaveURL(/\/matris$/);
  const rows = page.locator("table.matrix tbody tr");
  // 71 of the sample's 72 units: E072's designation ended in March (see unit-follow-up.spec).
  await expect(rows).toHaveCount(71);
  await hydrated(page);

  // Filter by care provider: the server filters (and pages), without a page load; the filter
  // is in the URL.
  const providerSelect = page.locator('select[name="vardgivare"]');
  const provider = (await providerSelect.locator("option").nth(2).textContent())!.trim();
  await providerSelect.selectOption({ label: provider });
  await expect(page).toHaveURL(/vardgivare=/);
  await expect(page.getByText(/^Visar \d+ av 71 enheter$/)).not.toHaveText("Visar 71 av 71 enheter");
  const filtered = await rows.count();
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(71);
  for (const text of await rows.locator("th.unit-col .muted").allTextContents()) {
    expect(text).toContain(provider);
  }
  await expect(page.getByText(`Visar ${filtered} av 71 enheter`)).toBeVisible();

  // The area only narrows the columns, in the browser: the same rows, that area's criteria.
  const columns = page.locator("table.matrix thead th.crit-col");
  const allColumns = await columns.count();
  const areaSelect = page.locator('select[name="omrade"]');
  const area = (await areaSelect.locator("option").nth(1).textContent())!.trim();
  await areaSelect.selectOption({ label: area });
  await expect(page).toHaveURL(/omrade=/);
  await expect.poll(() => columns.count()).toBeLessThan(allColumns);
  const areaColumns = await columns.count();
  expect(areaColumns).toBeGreaterThan(0);
  await expect(rows).toHaveCount(filtered);
  await expect(rows.first().locator("td.cell")).toHaveCount(areaColumns);
  await expect(areaSelect).toHaveValue(area);

  // The filtered URL is shareable: a fresh load shows the same rows and columns.
  await page.reload();
  await expect(rows).toHaveCount(filtered);
  await expect(columns).toHaveCount(areaColumns);

  // Open a unit from a cell: its reasons name the rule and the figures.
  const firstCell = rows.first().locator("td.cell a").first();
  const unitCode = await rows.first().getAttribute("data-unit");
  await firstCell.click();
  await expect(page).toHaveURL(new RegExp(`/enhet/${unitCode}(#|\\?|$)`));
  await expect(page.getByText("Samlat ljus:")).toBeVisible();
  const reasons = page.locator("table.criteria p.reason");
  expect(await reasons.count()).toBeGreaterThan(10);
  await expect(reasons.filter({ hasText: /mätt \d{4}-\d{2}-\d{2}/ }).first()).toBeVisible();
  await hydrated(page);

  // English, remembered in a cookie.
  await page.getByRole("link", { name: "In English" }).click();
  await expect(page.getByText("Overall light:")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.goBack();
  await expect(page.getByText("Overall light:")).toBeVisible();
  await hydrated(page);

  // as_of before any value was measured: every light is recomputed and turns grey.
  const rowClasses = () =>
    page.locator("table.criteria > tbody > tr").evaluateAll((trs) => trs.map((tr) => tr.className));
  const lightsBefore = await rowClasses();
  expect(lightsBefore.some((c) => c !== "row-grey")).toBe(true);
  await page.locator('input[name="as_of"]').fill("2024-06-30");
  await page.locator('input[name="as_of"]').dispatchEvent("change");
  await expect(page).toHaveURL(/as_of=2024-06-30/);
  await expect
    .poll(async () => (await rowClasses()).every((c) => c === "row-grey" || c === "row-not_applicable"))
    .toBe(true);
  expect(await rowClasses()).not.toEqual(lightsBefore);
  await expect(page.getByText("No value reported").first()).toBeVisible();
});

test("unknown unit shows a real 404 page", async ({ page }) => {
  const response = await page.goto("/enhet/FINNS-INTE");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /404/ })).toBeVisible();
});

test("lights are keyboard reachable and never colour alone", async ({ page }) => {
  await page.goto("/matris");
  await hydrated(page);
  const links = page.locator("table.matrix a");
  // One tab stop for the whole matrix (once hydrated), on the first unit.
  await expect(page.locator('table.matrix a[tabindex="0"]')).toHaveCount(1);
  expect(await links.count()).toBeGreaterThan(2000);
  const firstUnit = page.locator("table.matrix tbody tr").first().locator("th a");
  await expect(firstUnit).toHaveAttribute("tabindex", "0");
  // Tab from the filters' last control reaches the matrix, the next Tab leaves it.
  await page.getByRole("button", { name: "Filtrera" }).focus();
  await page.keyboard.press("Tab"); // the pager or exports, then the scroll box, then the stop
  for (let i = 0; i < 10 && !(await firstUnit.evaluate((a) => a === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(firstUnit).toBeFocused();
  // → passes the overall light and readiness (no links) to the first criterion's cell.
  await page.keyboard.press("ArrowRight");
  const cell = page.locator("table.matrix tbody tr").first().locator("td.cell a").first();
  await expect(cell).toBeFocused();
  await expect(cell).toHaveAttribute("tabindex", "0");
  await expect(firstUnit).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowDown");
  const below = page.locator("table.matrix tbody tr").nth(1).locator("td.cell a").first();
  await expect(below).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  // Up from the first row: the criterion's column head.
  await expect(page.locator("table.matrix thead th.crit-col a").first()).toBeFocused();
  await page.keyboard.press("End");
  await expect(page.locator("table.matrix thead th.crit-col a").last()).toBeFocused();
  // Tab leaves the matrix: the next focus is outside it.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("table.matrix"))).toBe(false);
  await cell.focus();
  await expect(cell).toBeFocused();
  // Every light has a symbol (shape) and a word.
  const badge = page.locator("table.matrix tbody tr").first().locator(".light").first();
  await expect(badge.locator(".light-symbol")).not.toBeEmpty();
  await expect(badge.locator(".light-text")).not.toBeEmpty();
  // A cell's light: its shape drawn by the style sheet, its name and reason in words.
  const lightCell = page.locator("table.matrix td.cell a").first();
  expect(
    await lightCell.evaluate((a) => getComputedStyle(a, "::before").content),
  ).toMatch(/[●▲■○–]/);
  await expect(lightCell.locator(".reason-tip")).toHaveText(/^(Grön|Gul|Röd|Ingen uppgift|Ej tillämplig): ./);
});

test("the skip link moves focus to the content", async ({ page }) => {
  await page.goto("/matris");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Hoppa till innehållet" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#innehall")).toBeFocused();
});
