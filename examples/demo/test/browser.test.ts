import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type RunningServer } from "@identity/node";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDemoApp } from "../src/app.js";
import { openDemo } from "../src/setup.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const screenshotPath = join(repoRoot, "test-output", "login-page.png");

function findChromium(): string | null {
	try {
		return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim() || null;
	} catch {
		return null;
	}
}

const executablePath = findChromium();
if (!executablePath) {
	if (process.env.CI === "true") throw new Error("Chromium is required under CI=true (apt-get install chromium)");
	console.warn("\n*** SKIPPED: the browser walk-through needs Chromium (`command -v chromium` found nothing) ***\n");
}

const launchArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(!executablePath)("the demo in a real browser", () => {
	let directory: string;
	let server: RunningServer;
	let close: () => Promise<void>;
	let base: string;
	const browsers: Browser[] = [];
	const launch = async () => {
		const browser = await chromium.launch({ executablePath: executablePath!, args: launchArgs });
		browsers.push(browser);
		return browser;
	};

	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), "identity-demo-"));
		const demo = await openDemo({ databasePath: join(directory, "demo.db"), secret: "browser-test-secret-0123456789-abcdefghijkl" });
		close = demo.close;
		server = await serve(createDemoApp(demo.identity), { port: 0, hostname: "127.0.0.1" });
		base = server.url;
	});

	afterAll(async () => {
		for (const browser of browsers) await browser.close().catch(() => {});
		await server?.close();
		await close?.();
		if (directory) rmSync(directory, { recursive: true, force: true });
	});

	test("a person signs in, is remembered across a restart, signs out, and the back button shows nothing", async () => {
		let browser = await launch();
		let context: BrowserContext = await browser.newContext();
		let page = await context.newPage();

		// Anonymous visit to the admin page: redirected to the login form, with next.
		await page.goto(`${base}/admin`);
		expect(new URL(page.url()).pathname).toBe("/identity/login");
		expect(new URL(page.url()).searchParams.get("next")).toBe("/admin");
		await expect(page.getByLabel("Username").isVisible()).resolves.toBe(true);
		mkdirSync(dirname(screenshotPath), { recursive: true });
		await page.screenshot({ path: screenshotPath, fullPage: true });
		const png = readFileSync(screenshotPath);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect(png.byteLength).toBeGreaterThan(5000);
		await expect(page.locator("form").isVisible()).resolves.toBe(true);

		// A wrong password shows the error and keeps the username.
		await page.getByLabel("Username").fill("admin");
		await page.getByLabel("Password").fill("not-the-password");
		const [failed] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Sign in" }).click()]);
		expect(failed.status()).toBe(401);
		await expect(page.getByRole("alert").textContent()).resolves.toContain("Invalid username or password.");
		await expect(page.getByLabel("Username").inputValue()).resolves.toBe("admin");
		await page.screenshot({ path: join(dirname(screenshotPath), "login-page-error.png"), fullPage: true });

		// The right password, remembered: back on the admin page.
		await page.getByLabel("Password").fill("admin-demo");
		await page.getByLabel("Remember me").check();
		await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole("button", { name: "Sign in" }).click()]);
		await expect(page.getByTestId("admin-secret").textContent()).resolves.toContain("Admin console");

		// Restart the browser with the saved persistent cookies only: the remember cookie signs in again.
		const kept = (await context.cookies()).filter((c) => c.expires !== -1 && c.name !== "identity_session");
		expect(kept.map((c) => c.name)).toContain("identity_remember");
		await browser.close();
		browser = await launch();
		context = await browser.newContext();
		await context.addCookies(kept);
		page = await context.newPage();
		await page.goto(`${base}/admin`);
		expect(new URL(page.url()).pathname).toBe("/admin");
		await expect(page.getByTestId("admin-secret").textContent()).resolves.toContain("Admin console");

		// Sign out (a POST form), then the back button must not show the admin page.
		await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Sign out" }).click()]);
		await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" }).isVisible()).resolves.toBe(true);
		await page.goBack();
		await page.waitForLoadState();
		expect(await page.content()).not.toContain("Admin console");
		expect(new URL(page.url()).pathname).toBe("/identity/login");
		await browser.close();
	});

	test("a signed-in user without the role gets a 403 page; an editor sees the editorial page", async () => {
		const browser = await launch();
		const page = await (await browser.newContext()).newPage();
		await page.goto(`${base}/identity/login?next=/editorial`);
		await page.getByLabel("Username").fill("writer");
		await page.getByLabel("Password").fill("writer-demo");
		await Promise.all([page.waitForURL(`${base}/editorial`), page.getByRole("button", { name: "Sign in" }).click()]);
		await expect(page.locator("h1").textContent()).resolves.toBe("Editorial");
		const admin = await page.goto(`${base}/admin`);
		expect(admin?.status()).toBe(403);
		await browser.close();
	});
});
