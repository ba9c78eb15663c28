import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hydrated, logIn } from "./helpers";

// The working group freezes a baseline, a value changes afterwards, the comparison shows it, and
// the status report prints to PDF with the date and the baseline on every page.
test.describe.configure({ mode: "serial" });

const baseline = "Playwright-baslinje";

test("freeze a baseline, change a value, compare", async ({ page }) => {
  await logIn(page, "group", "/baslinjer");
  await hydrated(page);
  await page.getByLabel("Namn", { exact: true }).fill(baseline);
  await page.getByRole("button", { name: "Frys", exact: true }).click();
  await expect(page.getByText(`Frös baslinjen "${baseline}".`)).toBeVisible();
  await expect(page.locator("table.baselines")).toContainText(baseline);

  // After the freeze: E003's doctoral students drop to 0.
  await page.goto("/enhet/E003?utvardering=USV2026");
  await hydrated(page);
  const row = page.locator("table.criteria > tbody > tr#USV-F01");
  await expect(row.locator(".light-text").first()).toHaveText("Grön");
  await row.locator("details.edit > summary").click();
  await row.locator("form.report-form").getByLabel(/^Värde/).fill("0");
  await row.locator("form.report-form").getByRole("button", { name: "Spara värde" }).click();
  await expect(row.locator(".light-text").first()).not.toHaveText("Grön");

  // The baseline still has it green; the comparison with today shows the change.
  const frozen = await page.request.get(
    `/api/v1/units/E003?evaluation=USV2026&baseline=${encodeURIComponent(baseline)}`,
  );
  const cell = (await frozen.json()).criteria.find((c: { code: string }) => c.code === "USV-F01");
  expect(cell.light).toBe("green");

  await page.goto(`/jamfor?utvardering=USV2026&fran=${encodeURIComponent(baseline)}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${baseline} (`);
  const worsened = page.locator("table.changed-cells tr[data-movement='worsened']").filter({ hasText: "USV-F01" });
  await expect(worsened.filter({ hasText: "E003" })).toHaveCount(1);
});

test("the status report prints to PDF with date and baseline on every page", async ({ page }) => {
  await logIn(page, "reader", `/rapport?jamfor=${encodeURIComponent(baseline)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Lägesrapport" })).toBeVisible();
  await expect(page.getByText("Förändringar sedan baslinjen").first()).toBeVisible();

  const dir = mkdtempSync(path.join(tmpdir(), "lagesrapport-"));
  const pdf = path.join(dir, "lagesrapport.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  if (process.env.KEEP_PDF) execFileSync("cp", [pdf, process.env.KEEP_PDF]);

  const info = execFileSync("pdfinfo", [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(5); // the summary, one page per evaluation, the areas, appendices
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const today = new Date().toISOString().slice(0, 10);
  let all = "";
  const texts: string[] = [];
  for (let p = 1; p <= pages; p++) {
    const text = execFileSync("pdftotext", ["-f", String(p), "-l", String(p), "-layout", pdf, "-"]).toString();
    expect(text, `page ${p}`).toContain(`Lägesrapport per ${today}`);
    expect(text, `page ${p}`).toContain(baseline);
    expect(text, `page ${p}`).toMatch(new RegExp(`Sida ${p} / ${pages}`));
    all += text;
    texts.push(text);
  }
  // What the management group reads comes first and is short: the summary on page 1, then one
  // page per evaluation (two in the sample), a page for the development areas; the details
  // follow as appendices.
  expect(texts[0]).toContain("Sammanfattning");
  const appendix = texts.findIndex((t) => t.includes("Bilagor"));
  // (The areas take a page or more, by how many actions are overdue.)
  expect(appendix, "the page where the appendices start").toBeGreaterThanOrEqual(4);
  expect(texts[3]).toContain("Prioriterade utvecklingsområden");
  expect(texts[1]).toContain("USV-utvärdering 2026");
  expect(texts[2]).toContain("ALF-utvärdering 2028");
  for (const body of texts.slice(1, 3)) {
    for (const heading of ["Per område", "Per vårdgivare", "Enheter med risk", "Förändringar sedan baslinjen"]) {
      expect(body).toContain(heading);
    }
  }
  // Nothing is lost in print: every section is in the PDF, the navigation is not.
  for (const heading of ["Sammanfattning", "Per område", "Per vårdgivare", "Enheter med risk", "Förändringar sedan baslinjen", "USV-utvärdering 2026"]) {
    expect(all).toContain(heading);
  }
  expect(all).not.toContain("Huvudmeny");
  expect(all).not.toContain("Skriv ut / spara som PDF");
});
