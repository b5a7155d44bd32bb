import { createIdentity } from "@identity/core";
import { createMemoryStore, FIXTURE_SECRET, fixtureUsers, seedFixtureUsers } from "@identity/testing";
import { NextResponse } from "next/server";
import { beforeAll, describe, expect, test } from "vitest";
import { readSetCookies, writeSetCookies } from "./set-cookies.js";

const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET });

beforeAll(() => seedFixtureUsers(identity.store, identity.hashPassword));

/** The Set-Cookie headers core queues for a login (with remember) or a logout of the plain user. */
async function coreSetCookies(action: "login" | "logout"): Promise<Headers> {
	const request = new Request("http://localhost/action");
	const user = await identity.store.findUser(fixtureUsers.user.username);
	if (!user) throw new Error("fixture user missing");
	if (action === "login") expect(await identity.loginUser(request, user, { remember: true })).toBe(true);
	else await identity.logoutUser(request);
	return identity.applyCookies(request, new Response(null)).headers;
}

describe("readSetCookies()", () => {
	test("keeps every attribute core sets on a login", async () => {
		const headers = await coreSetCookies("login");
		const cookies = readSetCookies(headers);
		expect(cookies.map((cookie) => cookie.name).sort()).toEqual(["identity_remember", "identity_session"]);
		for (const cookie of cookies) {
			expect(cookie).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
			expect(cookie.value.length).toBeGreaterThan(20);
		}
		expect(cookies.find((cookie) => cookie.name === "identity_remember")?.maxAge).toBe(365 * 24 * 60 * 60);
	});

	test("keeps Max-Age=0 on a logout, which Next's own parser drops", async () => {
		const cookies = readSetCookies(await coreSetCookies("logout"));
		expect(cookies.length).toBeGreaterThan(0);
		for (const cookie of cookies) expect(cookie.maxAge ?? (cookie.expires ? 0 : undefined)).toBe(0);
	});

	test("parses attributes case-insensitively and skips nameless values", () => {
		const headers = new Headers();
		headers.append("set-cookie", "a=1; path=/x; SECURE; httponly; samesite=Strict; Max-Age=10; Domain=example.com; Partitioned");
		headers.append("set-cookie", "=nameless; Path=/");
		expect(readSetCookies(headers)).toEqual([
			{ name: "a", value: "1", path: "/x", secure: true, httpOnly: true, sameSite: "strict", maxAge: 10, domain: "example.com", partitioned: true }
		]);
	});
});

describe("writeSetCookies()", () => {
	test("a real Next cookie store re-emits core's cookies with the same values and attributes", async () => {
		for (const action of ["login", "logout"] as const) {
			const original = await coreSetCookies(action);
			const response = new NextResponse(null);
			writeSetCookies(response.cookies, original);
			// What Next sends to the browser, read back, is what core asked for. Next rewrites Expires
			// from Max-Age; browsers ignore Expires when Max-Age is present, so it is left out here.
			const comparable = (headers: Headers) =>
				readSetCookies(headers).map(({ expires, ...cookie }) => (cookie.maxAge === undefined ? { ...cookie, expires } : cookie));
			expect(comparable(response.headers), action).toEqual(comparable(original));
		}
	});
});
