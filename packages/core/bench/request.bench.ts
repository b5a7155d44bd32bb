/**
 * The per-request cost of the guards, as ratios measured in one run (machines here are noisy):
 * a bare fetch handler, the same handler behind loginRequired() with a session cookie (repeat
 * request: verified-credential cache hit + one store query), the same with the cache defeated
 * (a new identity per request would be unfair; instead distinct valid cookies), and a bearer token.
 */
import { bench, describe } from "vitest";
import { createTestWorld, loginCookies } from "../test/helpers.js";

const world = await createTestWorld({ session: { singleSession: false } });
const { identity, users } = world;
const body = JSON.stringify({ ok: true });
const bare = (_request: Request) => new Response(body, { headers: { "content-type": "application/json" } });
const guarded = identity.loginRequired(bare);
const admin = identity.rolesRequired(bare, "admin");
const cookie = await loginCookies(identity, users.admin);
const token = await identity.getAuthToken((await world.store.findUser("admin"))!);
// Distinct cookies (each a separate valid credential) to measure the uncached signature check.
const distinct: string[] = [];
for (let i = 0; i < 2000; i++) distinct.push(await loginCookies(identity, users.admin));
let next = 0;

describe("per-request cost", () => {
	bench("bare handler", async () => {
		await bare(new Request("http://localhost/api"));
	});
	bench("loginRequired, session cookie (repeat credential)", async () => {
		await guarded(new Request("http://localhost/api", { headers: { cookie } }));
	});
	bench("rolesRequired('admin'), session cookie (repeat credential)", async () => {
		await admin(new Request("http://localhost/api", { headers: { cookie } }));
	});
	bench("loginRequired, bearer token (repeat credential)", async () => {
		await guarded(new Request("http://localhost/api", { headers: { authorization: `Bearer ${token}` } }));
	});
	bench("loginRequired, session cookie (first sight: HMAC verify via crypto.subtle)", async () => {
		await guarded(new Request("http://localhost/api", { headers: { cookie: distinct[next++ % distinct.length]! } }));
	});
	bench("loginRequired, anonymous (401 JSON)", async () => {
		await guarded(new Request("http://localhost/api", { headers: { accept: "application/json" } }));
	});
});
