import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// The working group follows up a prioritised development area: adds an action, notes its
// progress and marks it done; leadership reads the same without forms, and in the Lägesrapport.
test.describe.configure({ mode: "serial" });

test("the working group adds an action, notes progress and marks it done", async ({ page }) => {
  await logIn(page, "group", "/utveckling");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prioriterade utvecklingsområden");
  const areas = page.locator("table.development > tbody > tr");
  await expect(areas).toHaveCount(6);
  // Each area's light is said in words, never by colour alone.
  for (const light of await areas.locator(".light-text").allTextContents()) {
    expect(light.trim()).not.toBe("");
  }
  await areas.getByRole("link", { name: /^UO2 / }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("UO2 Handledning och pedagogisk kompetens");
  await hydrated(page);

  await page.locator("details.new-action > summary").click();
  const form = page.getByRole("form", { name: "Ny åtgärd" });
  await form.getByLabel("Åtgärd", { exact: true }).fill("Handledarträff för nya handledare");
  await form.getByLabel("Ansvarig", { exact: true }).fill("Studierektor");
  await form.getByLabel(/^Gäller/).selectOption("Södersjukhuset");
  await form.getByLabel(/^Klar senast/).fill("2027-03-31");
  await form.getByRole("button", { name: "Lägg till åtgärd" }).click();
  const card = page.locator("li.development-action", { hasText: "Handledarträff för nya handledare" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Södersjukhuset");
  await expect(card).toContainText("2027-03-31");
  // The area has reloaded with the new action; the form that added it still says so.
  await expect(form.getByRole("status")).toContainText("Sparat");

  await card.locator("details.edit-action > summary").click();
  const note = card.getByRole("form", { name: /^Lägesnotering för UO2-/ });
  await note.getByLabel("Vad har hänt?").fill("Inbjudan skickad till 25 handledare.");
  await note.getByRole("button", { name: "Spara lägesnotering" }).click();
  await expect(card.locator("ul.notes")).toContainText("Inbjudan skickad till 25 handledare.");
  // The note form is emptied after a save, so a second click adds nothing twice.
  await expect(note.getByLabel("Vad har hänt?")).toHaveValue("");
  await expect(note.getByRole("status")).toContainText("Sparat");

  await card.locator("details.edit-action").evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const edit = card.getByRole("form", { name: /^Ändra UO2-/ });
  await edit.getByLabel(/^Status/).selectOption("klar");
  await edit.getByRole("button", { name: "Spara ändringen" }).click();
  await expect(card.locator("dl.facts")).toContainText("klar");
  await expect(card.locator(".light-text").first()).toHaveText("Klar");

  // A change refused by the rules says why, next to the field, and keeps nothing.
  await page.locator("details.new-action").evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const bad = page.getByRole("form", { name: "Ny åtgärd" });
  await bad.getByLabel("Åtgärd", { exact: true }).fill("   ");
  await bad.getByLabel(/^Klar senast/).fill("2027-01-01");
  await bad.getByRole("button", { name: "Lägg till åtgärd" }).click();
  await expect(bad.getByRole("alert")).toContainText("Inget sparades");
  await expect(bad.locator(".field-error")).toContainText("beskriv åtgärden");
});

test("leadership reads the areas without forms, and the Lägesrapport carries them", async ({ page }) => {
  await logIn(page, "reader", "/utveckling/UO2");
  await expect(page.locator("li.development-action", { hasText: "Handledarträff för nya handledare" })).toContainText("Inbjudan skickad");
  await expect(page.locator("details.new-action")).toHaveCount(0);
  await expect(page.locator("details.edit-action")).toHaveCount(0);
  await page.goto("/rapport");
  await expect(page.getByRole("heading", { name: "Prioriterade utvecklingsområden" })).toBeVisible();
  await expect(page.locator("section.report-development table tbody tr")).toHaveCount(6);
});
