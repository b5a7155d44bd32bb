import { afterAll, beforeAll, describe, expect } from "vitest";
import { createFixtureClient, type FixtureClient } from "./fixture-client.js";
import type { FixtureUser } from "./fixture-users.js";
import { defineGuardTests } from "./handler-suite-guards.js";
import { defineSessionTests } from "./handler-suite-sessions.js";

/** A running fixture app. */
export interface RunningTarget {
	/** Base URL, e.g. `http://127.0.0.1:4321`. */
	url: string;
	close(): Promise<void>;
}

/** What `describeHandlers` runs against: a way to start the fixture app, seeded with `seedFixtureUsers`. */
export interface HandlerSuiteTarget {
	/** Starts a fresh app serving `createFixtureApp(identity)` and resolves once it accepts requests. */
	start(): Promise<RunningTarget>;
	/**
	 * Whether the app passes the client address to core (`getClientAddress`), so a login records it.
	 * Default false; Node, Express, Bun and Deno targets should set it.
	 */
	recordsClientAddress?: boolean;
	/** Cookie names when the app does not use the defaults. */
	cookieNames?: { session?: string; remember?: string };
}

/** What the parts of the suite share. */
export interface HandlerSuiteContext {
	target: HandlerSuiteTarget;
	sessionCookie: string;
	rememberCookie: string;
	/** The running app's base URL. */
	url(): string;
	/** A new client with an empty cookie jar. */
	client(): FixtureClient;
	/** A client logged in as `user` through the JSON login route, with its bearer token. */
	loggedIn(user: FixtureUser, options?: { remember?: boolean }): Promise<{ client: FixtureClient; token: string; response: Response }>;
	/** Asserts a JSON response with `status` (and `error`), and returns its body. */
	expectJson(response: Response, status: number, error?: string): Promise<Record<string, unknown>>;
}

/**
 * The shared behavioural suite: every adapter and runtime runs it, over real HTTP, against the
 * fixture app (`createFixtureApp`) it serves. Checks each guard for anonymous, logged-in,
 * wrong-role and inactive users, JSON and HTML failures, login and logout through the routes,
 * the remember cookie, bearer tokens, CSRF refusals and response plumbing (cookies, HEAD, streams).
 *
 * @example
 * describeHandlers("node serve()", { start: () => serve(createFixtureApp(identity)), recordsClientAddress: true });
 */
export function describeHandlers(name: string, target: HandlerSuiteTarget): void {
	describe(`describeHandlers(${name})`, () => {
		let running: RunningTarget | undefined;
		const url = () => {
			if (!running) throw new Error("The target did not start");
			return running.url;
		};
		const client = () => createFixtureClient(url());
		const ctx: HandlerSuiteContext = {
			target,
			sessionCookie: target.cookieNames?.session ?? "identity_session",
			rememberCookie: target.cookieNames?.remember ?? "identity_remember",
			url,
			client,
			async loggedIn(user, options = {}) {
				const c = client();
				const response = await c.login(user.username, user.password, options);
				expect(response.status, `login as ${user.username}`).toBe(200);
				const body = (await response.json()) as { authenticationToken: string };
				return { client: c, token: body.authenticationToken, response };
			},
			async expectJson(response, status, error) {
				expect(response.status).toBe(status);
				expect(response.headers.get("content-type")).toMatch(/application\/json/);
				const body = (await response.json()) as Record<string, unknown>;
				if (error) expect(body.error).toBe(error);
				return body;
			}
		};

		beforeAll(async () => {
			running = await target.start();
		});
		afterAll(async () => {
			await running?.close();
		});
		defineSessionTests(ctx);
		defineGuardTests(ctx);
	});
}
