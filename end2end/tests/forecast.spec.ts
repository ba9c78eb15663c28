import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// The forecast as the management group reads it: two readings of the evaluation day side by
// side, the gap between them said in words (dated tasks, not decline), and "this week" for the
// signed-in role, in Swedish and in English. The words must be the API's words.
const asOf = "2026-11-15";

test("the overview reads the forecast two ways, in words, in both languages", async ({ page }) => {
  await logIn(page, "reader", `/?as_of=${asOf}`);
  const api = await page.request.get(`/api/v1/evaluations/ALF2028/forecast?as_of=${asOf}`);
  expect(api.ok()).toBe(true);
  const forecast = await api.json();
  // ALF 2028 is far off: every value that will go stale is a reporting task, so the reading
  // "if everyone reports on time" keeps units green that "if nothing more happens" loses.
  expect(forecast.all_done.green).toBeGreaterThan(forecast.nothing_more.green);
  expect(forecast.summary.sv).toContain("inte försämring");

  const card = page.locator("section.evaluation").filter({ hasText: "ALF-utvärdering 2028" });
  const reading = (name: string) => card.locator("table.projection-counts tr").filter({ hasText: name });
  await expect(reading("Om alla rapporterar i tid och varje åtgärd blir klar")).toBeVisible();
  await expect(reading("Om inget mer händer")).toBeVisible();
  await expect(reading("Om alla rapporterar i tid och varje åtgärd blir klar").locator("td").first()).toHaveText(
    String(forecast.all_done.green),
  );
  await expect(card.locator("p.forecast-summary")).toHaveText(forecast.summary.sv);

  const week = page.locator("section.this-week");
  await expect(week.getByRole("heading", { name: "Den här veckan" })).toBeVisible();
  await expect(week).toContainText(
    `${forecast.units.filter((u: { on_track: boolean }) => u.on_track).length} av ${forecast.units.length} enheter är på väg att vara gröna den 2028-06-30`,
  );

  await hydrated(page);
  await page.getByRole("link", { name: "In English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(reading("If everyone reports on time and every plan lands")).toBeVisible();
  await expect(reading("If nothing more happens")).toBeVisible();
  await expect(card.locator("p.forecast-summary")).toHaveText(forecast.summary.en);
  await expect(week.getByRole("heading", { name: "This week" })).toBeVisible();
  await expect(week).toContainText("units are on track to be green on 2028-06-30");
});

test("a unit lead's week lists their units' tasks, soonest first", async ({ page }) => {
  await logIn(page, "lead", `/?as_of=${asOf}`);
  const week = page.locator("section.this-week");
  await expect(week).toContainText("Det här behöver dina enheter göra");
  const dates = await week.locator("ol.due time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")!));
  expect(dates.length).toBeGreaterThan(0);
  expect([...dates].sort()).toEqual(dates);
  // Only the lead's units (E001, E002) appear.
  const links = await week.locator("ol.due a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const href of links) expect(href).toMatch(/^\/enhet\/E00[12]\?/);
});

test("/prognos shows both readings per unit with the tasks between them", async ({ page }) => {
  await logIn(page, "group", `/prognos?utvardering=ALF2028&as_of=${asOf}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Prognos");
  await expect(page.locator("table.projection th").filter({ hasText: "Om alla rapporterar i tid och varje åtgärd blir klar" })).toBeVisible();
  await expect(page.locator("table.projection th").filter({ hasText: "Om inget mer händer" })).toBeVisible();
  await expect(page.locator("table.projection td").filter({ hasText: "rapportera igen senast" }).first()).toBeVisible();
});
