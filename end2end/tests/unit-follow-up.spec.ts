import { expect, test } from "@playwright/test";
import { logIn } from "./helpers";

// Leadership reads a unit's yearly follow-up: the FoUU committee's latest decision at the top of
// the unit page leads to the section with every year's assessment; looking back hides later ones.
test("the unit page shows the committee's yearly decisions, as of the page's date", async ({ page }) => {
  await logIn(page, "reader", "/enhet/E005");
  const latest = page.locator("p.follow-up-latest");
  await expect(latest).toContainText("Fortsätter med villkor");
  await latest.getByRole("link", { name: "Årlig uppföljning" }).click();
  await expect(page).toHaveURL(/#uppfoljning$/);
  const section = page.locator("section#uppfoljning");
  await expect(section.getByRole("heading", { name: "Årlig uppföljning (FoUU-kommittén)" })).toBeVisible();
  const row = section.getByRole("row", { name: /Fortsätter med villkor/ });
  await expect(row).toContainText("Villkor: utse en handledare");
  await expect(row.getByRole("rowheader")).toHaveText(/^\d{4}$/);

  // Before any decision was taken, the section says there is none.
  await page.goto("/enhet/E005?as_of=2024-01-01");
  await expect(page.locator("p.follow-up-latest")).toHaveCount(0);
  await expect(page.locator("section#uppfoljning")).toContainText("Ingen årlig uppföljning är inläst för enheten.");
});

// A former USV unit: the management group's designation of E072 ended on 2026-03-31 (its
// committee decided "upphör"). The matrix leaves it out and says so, its own page says since
// when, and looking back to a date inside its period counts it again.
test("a unit whose designation has ended keeps its page but leaves the counts", async ({ page }) => {
  await logIn(page, "reader", "/matris");
  const rows = page.locator("table.matrix tbody tr");
  await expect(rows).toHaveCount(71);
  await expect(page.locator('tr[data-unit="E072"]')).toHaveCount(0);
  await expect(page.locator("p.not-designated-note")).toHaveText(
    "1 enhet är inte USV-enhet per datumet och visas inte (den har kvar sin egen sida).",
  );

  await page.goto("/enhet/E072");
  const designation = page.locator("p.designation");
  await expect(designation).toContainText("Inte USV-enhet per");
  await expect(designation).toContainText("tidigare USV-enhet 2024-01-01 – 2026-03-31 (LG 2024:01 § 5 (EXEMPEL))");
  await expect(page.locator("p.follow-up-latest")).toContainText("Upphör");
  await designation.getByRole("link").click();
  await expect(page).toHaveURL(/#usv-perioder$/);
  await expect(page.locator("ul.designation-periods li")).toHaveText(["2024-01-01 – 2026-03-31 (LG 2024:01 § 5 (EXEMPEL))"]);

  await page.goto("/enhet/E072?as_of=2026-03-01");
  await expect(page.locator("p.designation")).toHaveText("USV-enhet 2024-01-01 – 2026-03-31 (LG 2024:01 § 5 (EXEMPEL))");
  await page.goto("/matris?as_of=2026-03-01");
  await expect(rows).toHaveCount(72);
  await expect(page.locator("p.not-designated-note")).toHaveCount(0);
});
