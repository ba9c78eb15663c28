import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// A unit lead attaches a document as evidence on the unit page (a plain form: it works before
// the wasm has loaded too), sees it listed and downloads it; a file that is not a document is
// refused with the reason.
const pdf = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

test("a unit lead attaches evidence and downloads it again", async ({ page }) => {
  await logIn(page, "lead", "/enhet/E001?utvardering=USV2026");
  await hydrated(page);
  const row = page.locator("table.criteria > tbody > tr#USV-U01");
  await row.locator("details.edit > summary").click();
  await row.getByLabel("Underlaget gäller (datum)").fill("2026-11-15");
  await row.getByLabel(/^Fil: PDF/).setInputFiles({ name: "Handledarintyg.pdf", mimeType: "application/pdf", buffer: pdf });
  await row.getByRole("button", { name: "Ladda upp underlaget" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Underlaget är sparat." })).toBeVisible();
  const saved = page.locator("table.criteria > tbody > tr#USV-U01");
  const link = saved.getByRole("link", { name: "Handledarintyg.pdf" });
  await expect(link).toBeVisible();
  await expect(saved.locator("ul.files")).toContainText("2026-11-15");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("Handledarintyg.pdf");

  // A web page named .pdf is not a document.
  await hydrated(page);
  await saved.locator("details.edit").evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await saved.getByLabel(/^Fil: PDF/).setInputFiles({ name: "intyg.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await saved.getByRole("button", { name: "Ladda upp underlaget" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Filen är inte en PDF" })).toBeVisible();
  await expect(page.locator("table.criteria > tbody > tr#USV-U01 ul.files li")).toHaveCount(1);
});
