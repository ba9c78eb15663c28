import { expect, type Page } from "@playwright/test";

// The demo accounts of the sample database (printed by the demo command, shown on /logga-in).
export const accounts = {
  admin: ["admin@exempel.se", "demo-admin-2026"],
  group: ["arbetsgrupp@exempel.se", "demo-arbetsgrupp-2026"],
  lead: ["enhet@exempel.se", "demo-enhet-2026"], // leads E001 and E002
  reader: ["ledning@exempel.se", "demo-ledning-2026"],
} as const;

// Leptos has hydrated when the wasm entry has run (it marks <html data-hydrated>).
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

export async function logIn(page: Page, who: keyof typeof accounts, then = "/") {
  const [email, password] = accounts[who];
  await page.goto(`/logga-in?tillbaka=${encodeURIComponent(then)}`);
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.locator(".who")).toBeVisible();
}

// Every page a signed-in person can open, as the accessibility and phone tests visit them.
export const allPages = [
  "/",
  "/matris?utvardering=USV2026",
  "/enhet/E001?utvardering=USV2026",
  "/kriterium/USV-F01",
  "/prognos?utvardering=ALF2028",
  "/trender",
  "/alf",
  "/rapport",
  "/baslinjer",
  "/utveckling",
  "/utveckling/UO2",
  "/systemniva",
  "/systemniva/SYS-03",
  "/systemniva/intervju",
  "/jamfor",
  "/granska",
  "/importera",
  "/anvandare",
  "/konto",
  "/tillganglighet",
];
