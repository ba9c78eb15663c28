import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// The working group prepares the region's answer to a system-level question: drafts it, has it
// reviewed, approves it; the overview counts it beside the unit lights and the interview
// preparation prints it.
test("the working group approves an answer and the interview preparation shows it", async ({ page }) => {
  await logIn(page, "group", "/");
  const card = page.locator("section.evaluation").first();
  await expect(card.getByRole("heading", { name: "Systemnivå: ledningsorganens svar" })).toBeVisible();
  await card.getByRole("link", { name: /frågor har fastställda svar/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Systemnivå");
  await page.getByRole("link", { name: /^SYS-06 / }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SYS-06");
  await expect(page.locator(".area-light")).toContainText(/Inte påbörjad/);
  await hydrated(page);

  await page.locator("details.edit-action > summary").click();
  const form = page.getByRole("form", { name: "Svar" });
  await form.getByLabel(/^Svar/).fill("VFU-platser planeras per termin i samråd med KI.\nUppföljning varje år.");
  await form.getByLabel(/^Underlag/).fill("Överenskommelse om VFU (exempel)");
  await form.getByLabel(/^Status/).selectOption("granskad");
  await form.getByRole("button", { name: "Spara svaret" }).click();
  await expect(page.locator("dl.facts")).toContainText("granskad");
  // The page has reloaded its data with the new answer; the form still says it saved.
  await expect(form.getByRole("status")).toContainText("Sparat");
  // Reviewed but not approved: amber before the due date, red after (the sample's date may have passed).
  await expect(page.locator(".area-light")).toContainText(/Granskat, väntar på fastställande|Svaret är inte fastställt/);

  await form.getByLabel(/^Status/).selectOption("faststalld");
  await form.getByRole("button", { name: "Spara svaret" }).click();
  await expect(page.locator(".area-light .light-text")).toHaveText("Grön");
  await expect(page.locator("blockquote.answer")).toContainText("Uppföljning varje år.");

  const comment = page.getByRole("form", { name: "Ny kommentar" });
  await comment.getByLabel("Kommentar").fill("Stäm av siffrorna med KI före intervjun.");
  await comment.getByRole("button", { name: "Spara kommentaren" }).click();
  await expect(page.locator("ul.notes").first()).toContainText("Stäm av siffrorna med KI");
  await expect(comment.getByLabel("Kommentar")).toHaveValue("");

  await page.goto("/systemniva/intervju");
  const section = page.locator("section.interview-question", { hasText: "SYS-06" });
  await expect(section.locator("blockquote.answer")).toContainText("VFU-platser planeras per termin");
  await expect(section).toContainText("Överenskommelse om VFU");
  await expect(section.locator("ul.support")).toContainText("enheter uppfyller");
});
