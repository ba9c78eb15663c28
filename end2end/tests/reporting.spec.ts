import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// One story, in order: a unit lead reports, the working group verifies, leadership reads.
test.describe.configure({ mode: "serial" });

test("a unit lead reports a value, sees the light change and the history; other units are read-only", async ({ page }) => {
  await logIn(page, "lead", "/enhet/E001?utvardering=USV2026");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Kardiologi");
  await hydrated(page);

  const row = page.locator("table.criteria > tbody > tr#USV-F01");
  await row.locator("details.edit > summary").click();
  const form = row.locator("form.report-form");
  await form.getByLabel(/^Värde/).fill("0");
  await form.getByRole("button", { name: "Spara värde" }).click();
  // The light and its reason are recomputed without a page load.
  await expect(row.locator("p.reason")).toContainText("0, krav ≥ 1");
  await expect(row.locator(".light-text").first()).not.toHaveText("Grön");
  await expect(row.getByText("ej granskat")).toBeVisible();
  // The form that had focus was replaced by the reload: focus is on the row, which says so.
  await expect(row).toBeFocused();
  await expect(row.getByRole("status")).toContainText("Sparat");

  // The form may still be open after the refresh: open it either way.
  await row.locator("details.edit").evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await row.locator("form.report-form").getByLabel(/^Värde/).fill("2");
  await row.locator("form.report-form").getByRole("button", { name: "Spara värde" }).click();
  await expect(row.locator("p.reason")).toContainText("2, krav ≥ 1");
  await expect(row.locator(".light-text").first()).toHaveText("Grön");

  await page.getByText(/Ändringshistorik/).click();
  const history = page.locator(".unit-history table");
  await expect(history).toContainText("Erik Enhetsansvarig");
  await expect(history).toContainText("→");

  // A unit that is not the lead's: no editing, and a forged request is refused by the server.
  await page.goto("/enhet/E003?utvardering=USV2026");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Spara värde" })).toHaveCount(0);
  const forged = await page.request.post("/api/rapportera_varde", {
    form: { unit: "E003", criterion: "USV-F01", measured: "2026-11-20", value: "9", comment: "", evidence: "", based_on: "0" },
    headers: { Origin: "http://127.0.0.1:3100" },
  });
  expect(forged.status()).toBe(403);

  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page.getByText("Du är utloggad.")).toBeVisible();
  await page.goto("/matris");
  await expect(page).toHaveURL(/\/logga-in\?tillbaka=/);
});

test("the working group verifies the report from its work list", async ({ page }) => {
  await logIn(page, "group", "/granska");
  await expect(page.getByRole("heading", { level: 1, name: "Att granska" })).toBeVisible();
  await hydrated(page);
  const item = page.locator("table.review-list tbody tr").filter({ hasText: "USV-F01" }).filter({ hasText: "Kardiologi" });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Erik Enhetsansvarig");
  await item.getByRole("button", { name: "✓ Godkänn" }).click();
  await expect(page.getByText("Sparat.")).toBeVisible();
  await expect(item).toHaveCount(0);

  await page.goto("/enhet/E001?utvardering=USV2026");
  await expect(page.locator("tr#USV-F01").getByText("✓ granskat")).toBeVisible();
});

test("leadership reads the overview with only verified values and cannot edit", async ({ page }) => {
  await logIn(page, "reader");
  await hydrated(page);
  await page.getByLabel("Bara granskade värden").check();
  await expect(page).toHaveURL(/granskade=1/);
  await expect(page.getByText("Visar bara värden som arbetsgruppen granskat")).toBeVisible();
  await page.goto("/enhet/E001?utvardering=USV2026");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Kardiologi");
  await expect(page.getByText("Rapportera / ändra åtgärder")).toHaveCount(0);
  await expect(page.locator(".who-role")).toHaveText("läsare");
});

test("a wrong password gets one message for every case and no session", async ({ page }) => {
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill("finns.inte@exempel.se");
  await page.getByLabel("Lösenord").fill("fel-fel-fel-fel");
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Fel e-postadress eller lösenord.");
  // The sample database shows its demo accounts, with their roles.
  await expect(page.getByRole("heading", { name: /Demokonton/ })).toBeVisible();
  await expect(page.locator(".demo-accounts")).toContainText("enhetsansvarig");
});
