import { expect, test, type Browser } from "@playwright/test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { accounts, hydrated } from "./helpers";

// Reminder e-mails through a real SMTP server (npm smtp-server): people choose on /konto in the
// browser, `readiness notify` sends, the messages arrive once with the right recipients,
// language, subject and links, and a second run sends nothing. The run reads the database the
// browser wrote, so this test has its own server and database on port 3101.
const root = path.resolve(__dirname, "../..");
const bin =
  process.env.READINESS_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "readiness");
const base = "http://127.0.0.1:3101";
test.use({ baseURL: base });

type Arrived = { to: string[]; mail: ParsedMail };

async function choose(browser: Browser, who: keyof typeof accounts, change: (page: import("@playwright/test").Page) => Promise<void>) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  const [email, password] = accounts[who];
  await page.goto("/logga-in?tillbaka=%2Fkonto");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("heading", { name: "E-post från readiness" })).toBeVisible();
  await hydrated(page);
  await change(page);
  await page.getByRole("button", { name: "Spara val för e-post" }).click();
  await expect(page.getByRole("status")).toHaveText("Dina val för e-post är sparade.");
  await context.close();
}

test("reminders arrive once each, as each person chose", async ({ browser }) => {
  const arrived: Arrived[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  const db = path.join(mkdtempSync(path.join(tmpdir(), "readiness-mail-")), "mail.db");
  const load = spawnSync(bin, ["--database", db, "sample", "load", "data/sample"], { cwd: root, encoding: "utf8" });
  expect(load.status, load.stderr).toBe(0);
  const server = spawn(bin, ["--database", db, "serve", "--addr", "127.0.0.1:3101"], { cwd: root, stdio: "ignore" });
  // Asynchronous: the SMTP server answers from this same Node process.
  const notify = (...extra: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        bin,
        [
          "--database", db, "notify", "--as-of", "2026-12-01", "--digest",
          "--smtp-url", `smtp://127.0.0.1:${port}`,
          "--mail-from", "readiness <readiness@exempel.se>",
          "--public-url", "https://readiness.exempel.se",
          // The sample's addresses are invented; this SMTP server is the test's own.
          "--mail-sample",
          ...extra,
        ],
        { cwd: root },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  try {
    await expect
      .poll(async () => (await fetch(`${base}/health`).catch(() => null))?.status, { timeout: 30_000 })
      .toBe(200);

    // Before anyone chooses: the unit lead, the working group and the admin would hear.
    const dry = await notify("--dry-run");
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("To: enhet@exempel.se");
    expect(arrived).toHaveLength(0);

    // The unit lead opts out of reminders; the working group reads its digest in English.
    await choose(browser, "lead", (page) => page.getByLabel(/Påminnelser om mina enheter/).uncheck());
    await choose(browser, "group", (page) => page.getByLabel("Språk i e-post").selectOption("en").then(() => {}));

    const first = await notify();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("2 skickade, 0 redan skickade tidigare, 0 misslyckades.");
    await expect.poll(() => arrived.length).toBe(2);
    const to = (address: string) => arrived.find((a) => a.to.includes(address))?.mail;
    expect(arrived.flatMap((a) => a.to).sort()).toEqual(["admin@exempel.se", "arbetsgrupp@exempel.se"]);

    const group = to("arbetsgrupp@exempel.se")!;
    expect(group.subject).toBe("readiness: the week's digest (2026-12-01)");
    expect(group.from?.value[0].address).toBe("readiness@exempel.se");
    expect(group.text).toContain("This has happened since last week");
    expect(group.text).toMatch(/https:\/\/readiness\.exempel\.se\/enhet\/E\d{3}/);
    expect(group.html).toMatch(/<a href="https:\/\/readiness\.exempel\.se\/enhet\/E\d{3}">/);
    expect(group.html).toContain('<html lang="en">');
    const admin = to("admin@exempel.se")!;
    expect(admin.subject).toBe("readiness: veckans sammanfattning (2026-12-01)");
    expect(admin.text).toContain("https://readiness.exempel.se/konto");

    // A second run the same day (a restart, a second instance) sends nothing again.
    const second = await notify();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain("0 skickade, 2 redan skickade tidigare, 0 misslyckades.");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(arrived).toHaveLength(2);
  } finally {
    server.kill();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
