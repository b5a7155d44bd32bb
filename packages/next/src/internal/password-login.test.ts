import { createIdentity } from "@identity/core";
import { createMemoryStore, FIXTURE_SECRET, fixtureUsers, seedFixtureUsers } from "@identity/testing";
import { beforeAll, describe, expect, test } from "vitest";
import { readLoginResponse, toLoginRequest } from "./password-login.js";

const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET });
beforeAll(() => seedFixtureUsers(identity.store, identity.hashPassword));

/** A Server Action's request as Next delivers it: a same-origin multipart POST. */
function actionRequest(headers: Record<string, string> = {}): Request {
	return new Request("http://app.test/signin", {
		method: "POST",
		headers: { origin: "http://app.test", "sec-fetch-site": "same-origin", "content-type": "multipart/form-data; boundary=x", "content-length": "99", ...headers }
	});
}

describe("toLoginRequest() + readLoginResponse()", () => {
	test("a right password logs in through core's route and returns the user", async () => {
		const { admin } = fixtureUsers;
		const request = toLoginRequest(identity, actionRequest(), { username: admin.username, password: admin.password });
		expect(request.url).toBe("http://app.test/identity/login");
		expect(request.headers.get("content-type")).toBe("application/json");
		expect(request.headers.has("content-length")).toBe(false);
		const response = await identity.handle(request);
		expect(response.headers.getSetCookie().some((value) => value.startsWith("__Host-identity_session="))).toBe(true);
		expect(await readLoginResponse(response)).toMatchObject({ ok: true, user: { username: "admin" } });
	});

	test("failures come back as values with core's error codes", async () => {
		const wrong = await identity.handle(toLoginRequest(identity, actionRequest(), { username: "plain", password: "nope-nope" }));
		expect(await readLoginResponse(wrong)).toMatchObject({ ok: false, status: 401, error: "invalid_credentials" });
		const { inactive } = fixtureUsers;
		const disabled = await identity.handle(toLoginRequest(identity, actionRequest(), { username: inactive.username, password: inactive.password }));
		expect(await readLoginResponse(disabled)).toMatchObject({ ok: false, status: 403, error: "account_disabled" });
	});

	test("core's origin check still applies: a cross-site action request is refused", async () => {
		const request = toLoginRequest(identity, actionRequest({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), {
			username: "admin",
			password: "admin-password-1"
		});
		const result = await readLoginResponse(await identity.handle(request));
		expect(result).toMatchObject({ ok: false, status: 403 });
	});

	test("a non-JSON answer still gives a value, never a throw", async () => {
		expect(await readLoginResponse(new Response("<html>", { status: 500 }))).toEqual({
			ok: false,
			status: 500,
			error: "login_failed",
			message: "Sign-in failed."
		});
	});
});
