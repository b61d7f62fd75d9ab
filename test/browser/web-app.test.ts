import { type ChildProcess, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, finishCli, runCli, serverUrl, startCli } from "../support/cli";
import { type Browser, launchBrowser, requireChromium, screenshot, seriousViolations } from "./browser";

const ROOT = join(import.meta.dirname, "..", "..");
const BILL = join(ROOT, "test", "fixtures", "gov", "bill-text", "billsim", "117", "bills", "hr2008");
const ENV = { OPENDISCOURSE_EMBEDDER: "none" };
const ADMIN = { name: "admin", password: "correct horse battery staple" };
const VOTE = join(ROOT, "test", "fixtures", "gov", "votes", "vote-115-2018-h147.xml");
const XSS_NAME = "<img src=x onerror=window.__xss=1>.html";

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

// A missing browser is a failure with the command that installs it, never a skipped suite.
it("has Chromium to drive", () => {
  expect(requireChromium).not.toThrow();
});

describe("the web app in Chromium", () => {
  let data: string;
  let files: string;
  let server: ChildProcess;
  let served: Promise<CliRun>;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    const built = spawnSync(process.execPath, [join(ROOT, "scripts", "web-build.mjs"), "--if-stale"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (built.status !== 0) throw new Error(`web build failed: ${built.stderr}`);

    data = mkdtempSync(join(tmpdir(), "opendiscourse-browser-"));
    files = mkdtempSync(join(tmpdir(), "opendiscourse-browser-files-"));
    for (const name of ["BILLS-117hr2008ih.xml", "BILLS-117hr2008rh.xml", "BILLS-117hr2008eh.xml"]) {
      copyFileSync(join(BILL, name), join(files, name));
    }
    copyFileSync(VOTE, join(files, "vote-115-2018-h147.xml"));
    writeFileSync(
      join(files, XSS_NAME),
      "<html><head><title><img src=x onerror=window.__xss=1></title></head><body><script>window.__xss=1</script>" +
        "<p>Hostile markup about watershed grants.</p></body></html>",
    );
    const created = await runCli(
      ["users", "create", ADMIN.name, "--role", "admin", "--password-stdin", "--data", data],
      { env: ENV, input: ADMIN.password },
    );
    expect(created.code, created.stderr).toBe(0);
    server = startCli(["serve", "--port", "0", "--data", data], { env: ENV });
    served = finishCli(server);
    url = await serverUrl(server);

    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("dialog", (dialog) => void dialog.accept());
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    await served;
    rmSync(data, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("signs in with a local account", async () => {
    await page.goto(`${url}/`);
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.getByLabel("Name").fill(ADMIN.name);
    await page.getByLabel("Password").fill(ADMIN.password);
    await expectAccessible(page, "sign-in");
    await screenshot(page, "sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("searchbox", { name: "Search documents" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Upload", "Jobs", "Users", "API keys", "Audit log"]) {
      await expect(nav.getByRole("link", { name: item }).isVisible()).resolves.toBe(true);
    }
  });

  it("uploads bill versions and a hostile file name, and follows them until ready", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" }).click();
    await page
      .locator('input[type="file"]')
      .setInputFiles(
        [
          "BILLS-117hr2008ih.xml",
          "BILLS-117hr2008rh.xml",
          "BILLS-117hr2008eh.xml",
          "vote-115-2018-h147.xml",
          XSS_NAME,
        ].map((f) => join(files, f)),
      );
    await page.getByText("5 files: 5 ready, 0 failed, 0 in progress.").waitFor({ timeout: 90_000 });
    // The name is text on the page; its markup never ran.
    await expect(page.getByRole("link", { name: XSS_NAME }).isVisible()).resolves.toBe(true);
    expect(await xss(page)).toBeUndefined();
    await expectAccessible(page, "upload");
    await screenshot(page, "upload");

    await page.getByRole("link", { name: XSS_NAME }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByText("Hostile markup about watershed grants.").waitFor();
    expect(await page.locator("img").count()).toBe(0);
    expect(await xss(page)).toBeUndefined();
  });

  it("searches, with marks in the snippets, and measures the time to first results", async () => {
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on("request", record);
    await page.goto(`${url}/?q=${encodeURIComponent("nonpoint source")}`);
    await page.locator(".result-list .result").first().waitFor();
    page.off("request", record);
    // One request per search: the app is React's production build, whose effects run once (the development build,
    // which a test runner's NODE_ENV used to select, sent each search twice and aborted the first). It is sent as
    // the app loads, before it asks who is signed in, not after that answer.
    expect(requests.filter((path) => path === "/v1/search")).toHaveLength(1);
    expect(requests.indexOf("/v1/search")).toBeLessThan(requests.indexOf("/v1/auth/me"));
    const loaded = await page.evaluate(() => performance.getEntriesByName("od:time-to-results").at(-1)?.duration);
    const marks = await page.locator(".result-list .snippet mark").allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toMatch(/nonpoint|source/);

    const box = page.getByRole("searchbox", { name: "Search documents" });
    await box.fill('"Local Water Protection Act"');
    await box.press("Enter");
    await page.waitForURL(/q=%22Local/);
    await page.locator(".result-list:not(.stale) .result").first().waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("od:time-to-results").length >= 2);
    const typed = await page.evaluate(() => performance.getEntriesByName("od:time-to-results").at(-1)?.duration);
    console.log(
      `time to first results: page load ${Math.round(loaded ?? -1)} ms, typed query ${Math.round(typed ?? -1)} ms`,
    );
    expect(loaded).toBeGreaterThan(0);

    // The whole state is in the URL: a reload shows the same search.
    await page.getByRole("radio", { name: /Keyword/ }).click();
    await page.waitForURL(/mode=keyword/);
    await page.reload();
    await expect(page.getByRole("radio", { name: /Keyword/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("searchbox", { name: "Search documents" }).inputValue()).resolves.toBe(
      '"Local Water Protection Act"',
    );
    await page.locator(".result-list .result").first().waitFor();
    await expectAccessible(page, "search");
    await screenshot(page, "search");
  });

  it("opens a result at its highlighted passage", async () => {
    await page.goto(`${url}/?q=${encodeURIComponent("nonpoint source")}&mode=keyword`);
    await page.locator(".result-list .result-title a").first().click();
    const hit = page.locator("#hit");
    await hit.waitFor();
    expect(await hit.locator("mark").count()).toBeGreaterThan(0);
    await expect(hit.isVisible()).resolves.toBe(true);
    const box = await hit.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.y < viewport.height && box.y + box.height > 0).toBe(true);
    await page.getByRole("heading", { name: "Details" }).waitFor();
    await expectAccessible(page, "document");
    await screenshot(page, "document");
  });

  it("shows the bill with its versions and compares two of them", async () => {
    await page.goto(`${url}/bills/117-hr-2008`);
    await page.getByRole("heading", { name: "Versions", exact: true }).waitFor();
    expect(await page.locator(".timeline > li").count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel("From").selectOption("ih");
    await page.getByLabel("To").selectOption("eh");
    await page.getByRole("button", { name: "Compare" }).click();
    await page.locator(".compare-summary, .compare .problem, .compare p.muted").first().waitFor();
    const problem = await page.locator(".compare .problem").count();
    expect(problem, (await page.locator(".compare").textContent()) ?? "").toBe(0);
    await expectAccessible(page, "bill");
    await screenshot(page, "bill");

    await page.getByRole("region", { name: "Sponsors" }).getByRole("link").first().click();
    await page.getByRole("heading", { name: /Sponsored bills/ }).waitFor();
    expect(await page.getByRole("link", { name: "H.R. 2008 (117th)" }).count()).toBeGreaterThan(0);
    await expectAccessible(page, "person");
    await screenshot(page, "person");
  });

  it("shows a roll call on its bill with its totals", async () => {
    await page.goto(`${url}/bills/115-hr-2905`);
    const card = page.locator(".vote-card").first();
    await card.waitFor();
    await card.getByText("Yea 403 · Nay 3").waitFor();
    // A breakdown by party when the legislators data knows the voters, else a note saying it cannot be made.
    await card.locator(".party-chart tbody tr, p.muted").first().waitFor();
    await expectAccessible(page, "bill-votes");
    await screenshot(page, "bill-votes");
  });

  it("shows jobs and the admin pages without serious accessibility violations", async () => {
    for (const [path, heading, name] of [
      ["/jobs", "Jobs", "jobs"],
      ["/admin/users", "Users", "users"],
      ["/admin/keys", "API keys", "keys"],
      ["/admin/audit", "Audit log", "audit"],
    ] as const) {
      await page.goto(`${url}${path}`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      await page.locator(".skeleton").first().waitFor({ state: "detached" });
      await expectAccessible(page, name);
      await screenshot(page, name);
    }
    await page.goto(`${url}/admin/keys`);
    await page.getByLabel("Name").fill("reader");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = await page.locator(".secret").textContent();
    expect(secret).toMatch(/^od_/);
    await page.reload();
    await page.getByRole("heading", { name: "Keys", exact: true }).waitFor();
    expect(await page.locator(".secret").count()).toBe(0);
  });

  it("is usable on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/?q=${encodeURIComponent("nonpoint source")}`);
    await page.locator(".result-list .result").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" }).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, "search-phone");

    // The dark colour scheme keeps its contrast.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page, "search (dark)");
    await screenshot(page, "search-dark");
    expect(pageErrors).toEqual([]);
  });
});
