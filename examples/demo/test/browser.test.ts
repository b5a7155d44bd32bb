import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { serve, type RunningServer } from "@identity/node";
import type { OutboxMailer } from "@identity/core";
import { generateHOTP } from "@oslojs/otp";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
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

/** A free loopback port: the demo's passkey origin must name its port before the server starts. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
		});
	});
}

/** The code an authenticator app shows for `secret` (base32) at `step` (default: the current one). */
function totp(secret: string, step = Math.floor(Date.now() / 30_000)): string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const bits = [...secret.replace(/\s/g, "")].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
	const key = Uint8Array.from(bits.match(/.{8}/g) ?? [], (b) => parseInt(b, 2));
	return generateHOTP(key, BigInt(step), 6);
}

const launchArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(!executablePath)("the demo in a real browser", () => {
	let directory: string;
	let server: RunningServer;
	let close: () => Promise<void>;
	let base: string;
	let mailer: OutboxMailer;
	const browsers: Browser[] = [];
	const launch = async () => {
		const browser = await chromium.launch({ executablePath: executablePath!, args: launchArgs });
		browsers.push(browser);
		return browser;
	};

	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), "identity-demo-"));
		const port = await freePort();
		base = `http://localhost:${port}`;
		const demo = await openDemo({ databasePath: join(directory, "demo.db"), secret: "browser-test-secret-0123456789-abcdefghijkl", origin: base });
		close = demo.close;
		mailer = demo.mailer;
		server = await serve(createDemoApp(demo.identity, { mailer }), { port, hostname: "localhost" });
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
		await page.getByLabel("Password", { exact: true }).fill("not-the-password");
		const [failed] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
		expect(failed.status()).toBe(401);
		await expect(page.getByRole("alert").textContent()).resolves.toContain("Invalid username or password.");
		await expect(page.getByLabel("Username").inputValue()).resolves.toBe("admin");
		await page.screenshot({ path: join(dirname(screenshotPath), "login-page-error.png"), fullPage: true });

		// The right password, remembered: back on the admin page.
		await page.getByLabel("Password", { exact: true }).fill("admin-demo");
		await page.getByLabel("Remember me").check();
		await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
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
		await page.getByLabel("Password", { exact: true }).fill("writer-demo");
		await Promise.all([page.waitForURL(`${base}/editorial`), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
		await expect(page.locator("h1").textContent()).resolves.toBe("Editorial");
		const admin = await page.goto(`${base}/admin`);
		expect(admin?.status()).toBe(403);
		await browser.close();
	});

	/** Signs in through the login form and waits for `expected`. */
	async function signIn(page: Page, username: string, password: string, expected = `${base}/`) {
		await page.goto(`${base}/identity/login`);
		await page.getByLabel("Username").fill(username);
		await page.getByLabel("Password", { exact: true }).fill(password);
		await Promise.all([page.waitForURL(expected), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
	}
	const signOut = (page: Page) => Promise.all([page.waitForURL(`${base}/`), page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click()]);
	/** The newest mail to `to` in the dev mailbox, as the page shows it. */
	async function newestMail(page: Page, to: string) {
		await page.goto(`${base}/dev/mailbox`);
		const mail = page.locator("article", { hasText: to }).first();
		return { link: await mail.getByTestId("mail-link").getAttribute("href"), code: await mail.getByTestId("mail-code").textContent() };
	}

	test("sign-up, confirm, sign in, change password, sign out, forgot, reset, sign in with the new password", async () => {
		const browser = await launch();
		const page = await (await browser.newContext()).newPage();
		await page.goto(`${base}/identity/login`);
		await Promise.all([page.waitForURL(`${base}/identity/register`), page.getByRole("link", { name: "Create an account" }).click()]);
		await page.getByLabel("Username").fill("newcomer");
		await page.getByLabel("Email").fill("newcomer@demo.test");
		await page.getByLabel("Password").fill("a first passphrase");
		await page.getByRole("button", { name: "Create account" }).click();
		await expect(page.locator("h1").textContent()).resolves.toBe("Check your email");

		// The confirmation link opens a page; only its button confirms (a GET changes nothing).
		const confirm = await newestMail(page, "newcomer@demo.test");
		await page.goto(confirm.link!);
		await Promise.all([page.waitForURL(`${base}/identity/login`), page.getByRole("button", { name: "Confirm my address" }).click()]);
		await signIn(page, "newcomer", "a first passphrase");
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as newcomer");

		await page.goto(`${base}/identity/change-password`);
		await page.getByLabel("Current password").fill("a first passphrase");
		await page.getByLabel("New password").fill("a second passphrase");
		await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Change password" }).click()]);
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as newcomer");
		await signOut(page);

		await page.goto(`${base}/identity/login`);
		await Promise.all([page.waitForURL(`${base}/identity/recover`), page.getByRole("link", { name: "Forgot password?" }).click()]);
		await page.getByLabel("Email").fill("newcomer@demo.test");
		await page.getByRole("button", { name: "Send the link" }).click();
		await expect(page.locator("h1").textContent()).resolves.toBe("Check your email");
		const reset = await newestMail(page, "newcomer@demo.test");
		await page.goto(reset.link!);
		await page.getByLabel("New password").fill("a third passphrase");
		await Promise.all([page.waitForURL(`${base}/identity/login`), page.getByRole("button", { name: "Set the new password" }).click()]);
		await signIn(page, "newcomer", "a third passphrase");
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as newcomer");
		await browser.close();
	});

	test("two-factor: set up from the shown key, sign in with a code, then with a recovery code", async () => {
		const browser = await launch();
		const page = await (await browser.newContext()).newPage();
		await signIn(page, "editor", "editor-demo");
		await page.goto(`${base}/identity/two-factor/setup`);
		await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
		await expect(page.locator("svg.qr").count()).resolves.toBe(1);
		const key = (await page.locator("p", { hasText: "Key:" }).locator("code").textContent())!.trim();
		const step = Math.floor(Date.now() / 30_000);
		await page.getByLabel("Code", { exact: true }).fill(totp(key, step));
		await page.getByRole("button", { name: "Turn on" }).click();
		const codes = await page.locator("ol.codes code").allTextContents();
		expect(codes).toHaveLength(10);
		await signOut(page);

		// Password, then the code of a later step (the setup code can never be used again).
		await page.goto(`${base}/identity/login`);
		await page.getByLabel("Username").fill("editor");
		await page.getByLabel("Password", { exact: true }).fill("editor-demo");
		await Promise.all([page.waitForURL(/\/identity\/two-factor/), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
		await page.getByLabel("Code", { exact: true }).fill(totp(key, step + 1));
		await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as editor");
		await signOut(page);

		await page.goto(`${base}/identity/login`);
		await page.getByLabel("Username").fill("editor");
		await page.getByLabel("Password", { exact: true }).fill("editor-demo");
		await Promise.all([page.waitForURL(/\/identity\/two-factor/), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
		await page.getByText("Use a recovery code instead").click();
		await page.getByLabel("Recovery code").fill(codes[0]!);
		await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Sign in with a recovery code" }).click()]);
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as editor");
		await browser.close();
	});

	test("passkeys: add one with Chromium's virtual authenticator, then sign in with it", async () => {
		const browser = await launch();
		const context = await browser.newContext();
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send("WebAuthn.enable");
		const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
			options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true }
		});
		await signIn(page, "writer", "writer-demo");
		await page.goto(`${base}/identity/passkeys`);
		await expect(page.getByText("No passkeys yet.").isVisible()).resolves.toBe(true);
		await page.getByLabel("Name of the new passkey").fill("Virtual");
		// The page's script runs the ceremony, posts the credential, then reloads the list.
		const [registered] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === "/identity/passkeys/register"),
			page.getByRole("button", { name: "Add a passkey" }).click()
		]);
		expect(registered.status()).toBe(200);
		await page.locator("li", { hasText: "Virtual" }).waitFor();
		const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
		expect(credentials).toHaveLength(1);
		expect(credentials[0]!.isResidentCredential).toBe(true);
		await signOut(page);

		// Autofill (conditional mediation): the login page asks at load; the virtual authenticator,
		// which simulates the user's touch, answers at once and the page signs in without a click.
		await page.goto(`${base}/identity/login`);
		await page.waitForURL(`${base}/`);
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as writer (session cookie, fresh)");
		await signOut(page);

		// The button, as in a browser without autofill for passkeys: the click runs the modal ceremony.
		await page.addInitScript(() => {
			PublicKeyCredential.isConditionalMediationAvailable = async () => false;
		});
		await page.goto(`${base}/identity/login`);
		await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Sign in with a passkey" }).click()]);
		await expect(page.getByRole("navigation").textContent()).resolves.toContain("Signed in as writer (session cookie, fresh)");
		await browser.close();
	});
});
