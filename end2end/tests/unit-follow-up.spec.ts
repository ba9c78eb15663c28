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
