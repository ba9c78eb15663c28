import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import path from "node:path";
import { hydrated, logIn } from "./helpers";

const fixtures = path.join(__dirname, "..", "fixtures");

// The working group loads a spreadsheet: a wrong cell is shown with its place and nothing is
// saved; the corrected file is previewed, confirmed, and the unit's light changes.
test("upload an XLSX, fix the reported cell, confirm, and see the light change", async ({ page }) => {
  await logIn(page, "group", "/enhet/E002?utvardering=USV2026");
  const f01 = page.locator("table.criteria > tbody > tr#USV-F01");
  await expect(f01.locator(".light-text").first()).toHaveText("Röd");

  await page.goto("/importera");
  await expect(page.getByRole("heading", { level: 1, name: "Importera" })).toBeVisible();
  await page.getByLabel(/^Fil/).setInputFiles(path.join(fixtures, "varden-med-fel.xlsx"));
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page).toHaveURL(/\/importera\/[0-9a-f]{32}$/);
  await expect(page.locator("[data-state]")).toHaveAttribute("data-state", "invalid");
  const problem = page.locator("table.problems tbody tr");
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText("C2");
  await expect(problem).toContainText("varde");
  await expect(problem).toContainText("två");
  await expect(page.getByRole("button", { name: "Bekräfta och importera" })).toHaveCount(0);

  await page.getByRole("link", { name: "Ladda upp en ny fil" }).click();
  await page.getByLabel(/^Fil/).setInputFiles(path.join(fixtures, "varden-rattade.xlsx"));
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page.locator("[data-state]")).toHaveAttribute("data-state", "previewed");
  await hydrated(page);
  await expect(page.locator("dl.import-counts")).toContainText("Läggs till");
  await expect(page.locator("table.changes")).toContainText("E002 · USV-F01 · 2026-11-20");
  await page.getByRole("button", { name: "Bekräfta och importera" }).click();
  await expect(page.locator("[data-state]")).toHaveAttribute("data-state", "imported");
  await expect(page.getByText("Importen är klar.")).toBeVisible();

  await page.goto("/enhet/E002?utvardering=USV2026");
  await expect(f01.locator(".light-text").first()).toHaveText("Grön");
  await expect(f01.locator("p.reason")).toContainText("2");

  await page.goto("/importera");
  await expect(page.locator("table.import-history tbody tr").first()).toContainText("varden-rattade.xlsx");
  await expect(page.locator("table.import-history tbody tr").first()).toContainText("arbetsgrupp@exempel.se");
});

test("the matrix export opens as a spreadsheet with the page's lights", async ({ page }) => {
  await logIn(page, "reader", "/matris?utvardering=USV2026&vardgivare=Karolinska%20Universitetssjukhuset");
  await hydrated(page);
  const shown = await page.locator("table.matrix tbody tr").count();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "⤓ Exportera till Excel" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^matris-USV2026-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = await download.path();

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  expect(book.worksheets.map((s) => s.name)).toEqual(["USV2026", "USV2026 detaljer", "Om exporten"]);
  const sheet = book.getWorksheet("USV2026")!;
  expect(sheet.getRow(1).getCell(1).value).toBe("Enhet");
  // The filter of the page holds in the file: as many units, all of that care provider.
  expect(sheet.actualRowCount - 1).toBe(shown);
  for (let r = 2; r <= sheet.actualRowCount; r++) {
    expect(sheet.getRow(r).getCell(3).value).toBe("Karolinska Universitetssjukhuset");
  }
  const light = sheet.getRow(2).getCell(4);
  expect(["Grön", "Gul", "Röd", "Ingen uppgift"]).toContain(light.value);
  expect((light.fill as ExcelJS.FillPattern).fgColor?.argb).toBeTruthy();
  expect(typeof sheet.getRow(2).getCell(5).value).toBe("number");
  expect(sheet.views[0].state).toBe("frozen");
});
