import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, fixtureUsers, type RunningTarget } from "@identity/testing";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../lib/users.js";
import { buildOnce, startNext } from "./next-server.js";
import { expectReadmeListsUsers, expectReadmeUsersLogIn } from "../../test-support/readme-users.js";

/** Chromium as the shell finds it (`/usr/bin/chromium` here), or null. */
function findChromium(): string | null {
	try {
		return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim() || null;
	} catch {
		return null;
	}
}

const CHROMIUM = findChromium() ?? "chromium";
const hasChromium = CHROMIUM !== "chromium";
const inCI = process.env.CI === "true";
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
/** Where the styled sign-in page is saved, light and dark (`test-output/` at the repository root, as the demo's walk does). */
const screenshots = fileURLToPath(new URL("../../../test-output", import.meta.url));

// `next build` runs once for this file (about a minute on 2 cores); every server below reuses it.
beforeAll(() => buildOnce(), 300_000);

describeHandlers("next (next start, SQLite)", { start: startNext });

describe("examples/next: the README's users", () => {
	let server: RunningTarget;
	beforeAll(async () => {
		server = await startNext();
	}, 120_000);
	afterAll(() => server?.close());

	test("the README lists every user IDENTITY_SEED=example creates", () => {
		expectReadmeListsUsers(readme, exampleUsers);
	});

	test("each active README user logs in with its README password and gets its roles; the deactivated one is refused", async () => {
		await expectReadmeUsersLogIn(readme, server.url);
	});
});

if (!hasChromium && !inCI) console.warn(`[examples/next] SKIPPED the Chromium tests: ${CHROMIUM} is missing.`);

// Each test drives real page loads, Server Actions and password hashing: allow for a busy CI machine.
describe.skipIf(!hasChromium && !inCI)("examples/next in Chromium", { timeout: 60_000 }, () => {
	let server: RunningTarget;
	let browser: Browser;
	const contexts: BrowserContext[] = [];

	beforeAll(async () => {
		expect(hasChromium, `${CHROMIUM} is required in CI`).toBe(true);
		server = await startNext();
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: [
				"--headless",
				"--no-sandbox",
				"--disable-gpu",
				"--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync"
			]
		});
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	async function newPage(): Promise<Page> {
		const context = await browser.newContext({ baseURL: server.url });
		contexts.push(context);
		return context.newPage();
	}

	/** Signs in through core's login form, arriving there the way a visitor does: via /dashboard. */
	async function signInThroughCoreForm(page: Page, user: { username: string; password: string }): Promise<void> {
		await page.goto("/dashboard");
		expect(new URL(page.url()).pathname).toBe("/identity/login");
		expect(new URL(page.url()).searchParams.get("next")).toBe("/dashboard");
		await page.fill("input[name=username]", user.username);
		await page.fill("input[name=password]", user.password);
		await Promise.all([page.waitForURL("**/dashboard"), page.click("button[type=submit]")]);
	}

	/** The page's layout and colours as Chromium computed them. */
	async function computedLook(page: Page) {
		return page.evaluate(() => {
			const style = (element: Element) => getComputedStyle(element);
			const button = document.querySelector("form button")!;
			return {
				fontFamily: style(document.body).fontFamily,
				background: style(document.body).backgroundColor,
				fields: [...document.querySelectorAll("form input:not([type=hidden])")].map((input) => {
					const box = input.getBoundingClientRect();
					return { name: (input as HTMLInputElement).name, top: box.top, bottom: box.bottom, width: box.width, label: input.closest("label")?.textContent?.trim() ?? "" };
				}),
				button: { fontSize: parseFloat(style(button).fontSize), paddingTop: parseFloat(style(button).paddingTop), color: style(button).color, background: style(button).backgroundColor }
			};
		});
	}

	/** Relative luminance (0 black to 1 white) of a computed `rgb(...)` colour. */
	function luminance(color: string): number {
		const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
			const v = c / 255;
			return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	}

	test("the sign-in page is styled: system font, stacked labelled fields, a readable button, a dark scheme; its login works", async () => {
		mkdirSync(screenshots, { recursive: true });
		const page = await newPage();
		await page.goto("/signin");
		const light = await computedLook(page);
		await page.screenshot({ path: `${screenshots}/next-signin-light.png`, fullPage: true });
		expect(light.fontFamily).not.toMatch(/times/i);
		expect(light.fontFamily).toMatch(/system-ui/);
		expect(light.fields.map((field) => field.name)).toEqual(["username", "password", "remember"]);
		for (const [i, field] of light.fields.entries()) {
			expect(field.label, `the ${field.name} field has a label`).not.toBe("");
			if (i > 0) expect(field.top, `${field.name} starts below ${light.fields[i - 1]!.name}`).toBeGreaterThan(light.fields[i - 1]!.bottom);
		}
		// The text fields fill the form's width (so they cannot sit side by side).
		expect(light.fields[0]!.width).toBeGreaterThan(250);
		expect(light.button.fontSize).toBeGreaterThanOrEqual(15);
		expect(light.button.paddingTop).toBeGreaterThanOrEqual(8);
		const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
		expect(contrast(light.button.color, light.button.background)).toBeGreaterThanOrEqual(4.5);
		expect(luminance(light.background)).toBeGreaterThan(0.8);

		await page.emulateMedia({ colorScheme: "dark" });
		const dark = await computedLook(page);
		await page.screenshot({ path: `${screenshots}/next-signin-dark.png`, fullPage: true });
		expect(luminance(dark.background)).toBeLessThan(0.05);
		expect(contrast(dark.button.color, dark.button.background)).toBeGreaterThanOrEqual(4.5);
		await page.emulateMedia({ colorScheme: "light" });

		await page.fill("input[name=username]", fixtureUsers.admin.username);
		await page.fill("input[name=password]", fixtureUsers.admin.password);
		await Promise.all([page.waitForURL("**/dashboard"), page.click("#sign-in")]);
		expect(await page.textContent("#who")).toBe("Signed in as admin");
		expect((await computedLook(page)).fontFamily).toMatch(/system-ui/);
	});

	test("login page: /dashboard sends a visitor to core's login form, which brings them back", async () => {
		const page = await newPage();
		await signInThroughCoreForm(page, fixtureUsers.admin);
		expect(await page.textContent("#who")).toBe("Signed in as admin");
		expect(await page.textContent("#roles")).toBe("Roles: admin");
		const cookies = await page.context().cookies();
		const session = cookies.find((cookie) => cookie.name === "identity_session");
		expect(session?.httpOnly).toBe(true);
		expect(session?.sameSite).toBe("Lax");
	});

	test("a wrong password re-renders core's form with 401 and no cookie", async () => {
		const page = await newPage();
		await page.goto("/identity/login");
		await page.fill("input[name=username]", fixtureUsers.user.username);
		await page.fill("input[name=password]", "not-the-password");
		const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("button[type=submit]")]);
		expect(response.status()).toBe(401);
		expect(await page.locator("form").count()).toBe(1);
		expect((await page.context().cookies()).some((cookie) => cookie.name === "identity_session")).toBe(false);
	});

	test("admin route handler: rolesRequired(handler, 'admin') answers admin, 403 for others", async () => {
		const admin = await newPage();
		await signInThroughCoreForm(admin, fixtureUsers.admin);
		const ok = await admin.goto("/admin");
		expect(ok?.status()).toBe(200);
		expect(JSON.parse((await admin.textContent("body")) ?? "")).toEqual({ page: "admin" });
		const editor = await newPage();
		await signInThroughCoreForm(editor, fixtureUsers.editor);
		expect((await editor.goto("/admin"))?.status()).toBe(403);
	});

	test("logout from a Server Action clears the cookies and ends the session everywhere", async () => {
		const page = await newPage();
		await signInThroughCoreForm(page, fixtureUsers.writer);
		const saved = await page.context().cookies();
		await Promise.all([page.waitForURL("**/signin?signedOut=1"), page.click("#sign-out")]);
		expect(await page.textContent("#notice")).toBe("You are signed out.");
		expect((await page.context().cookies()).some((cookie) => cookie.name === "identity_session" && cookie.value)).toBe(false);
		await page.goto("/dashboard");
		expect(new URL(page.url()).pathname).toBe("/identity/login");
		// A copy of the old cookie gets past the optimistic proxy, but the page's own check refuses it.
		const replay = await newPage();
		await replay.context().addCookies(saved);
		await replay.goto("/dashboard");
		expect(new URL(replay.url()).pathname).toBe("/identity/login");
	});

	test("login from a Server Action goes through core's checks and sets the session cookie", async () => {
		const page = await newPage();
		await page.goto("/signin");
		await page.fill("input[name=username]", fixtureUsers.editor.username);
		await page.fill("input[name=password]", "not-the-password");
		await Promise.all([page.waitForURL("**/signin?error=*"), page.click("#sign-in")]);
		expect(await page.textContent("#error")).toBe("Wrong username or password.");
		await page.fill("input[name=username]", fixtureUsers.editor.username);
		await page.fill("input[name=password]", fixtureUsers.editor.password);
		await Promise.all([page.waitForURL("**/dashboard"), page.click("#sign-in")]);
		expect(await page.textContent("#who")).toBe("Signed in as editor");
		const inactive = await newPage();
		await inactive.goto("/signin");
		await inactive.fill("input[name=username]", fixtureUsers.inactive.username);
		await inactive.fill("input[name=password]", fixtureUsers.inactive.password);
		await Promise.all([inactive.waitForURL("**/signin?error=*"), inactive.click("#sign-in")]);
		expect(await inactive.textContent("#error")).toBe("This account is disabled.");
	});

	test("sign-up from a Server Action creates the user and logs it in with loginUser", async () => {
		const page = await newPage();
		await page.goto("/signup");
		await page.fill("input[name=username]", "newcomer");
		await page.fill("input[name=password]", "newcomer-password-1");
		await Promise.all([page.waitForURL("**/dashboard"), page.click("#sign-up")]);
		expect(await page.textContent("#who")).toBe("Signed in as newcomer");
		expect(await page.textContent("#roles")).toBe("Roles: none");
		const again = await newPage();
		await again.goto("/signup");
		await again.fill("input[name=username]", "newcomer");
		await again.fill("input[name=password]", "another-password-1");
		await Promise.all([again.waitForURL("**/signup?error=taken"), again.click("#sign-up")]);
		expect(await again.textContent("#error")).toBe("That username is taken.");
	});

	test("the proxy redirects a cookie-less navigation before the page renders", async () => {
		const navigate = (cookie?: string) =>
			fetch(`${server.url}/dashboard?from=proxy-test`, {
				redirect: "manual",
				headers: { accept: "text/html", ...(cookie ? { cookie } : {}) }
			});
		// The proxy keeps the query in `next`; the page's own redirect (reached only with a cookie) does not.
		const byProxy = await navigate();
		expect(byProxy.status).toBe(307);
		expect(new URL(byProxy.headers.get("location") ?? "", server.url).searchParams.get("next")).toBe("/dashboard?from=proxy-test");
		const byPage = await navigate("identity_session=forged.value");
		expect(byPage.status).toBe(307);
		expect(new URL(byPage.headers.get("location") ?? "", server.url).searchParams.get("next")).toBe("/dashboard");
	});

	test("the proxy is not the gate: a forged cookie and x-middleware-subrequest still get no dashboard", async () => {
		const response = await fetch(`${server.url}/dashboard`, {
			redirect: "manual",
			headers: {
				accept: "text/html",
				cookie: "identity_session=forged.value",
				"x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy"
			}
		});
		expect(response.status).toBe(307);
		expect(new URL(response.headers.get("location") ?? "", server.url).pathname).toBe("/identity/login");
		expect(await response.text()).not.toContain("Signed in as");
	});
});
