// One request body must not stall the process: an earlier build collected repeated form fields in
// O(n^2), so 60 KB of "a&" on POST /identity/login (no credential, no CSRF token needed) blocked the
// event loop for seconds. Every parser gets the largest input it accepts, timed with a generous
// bound (the goal is 50 ms; a CI machine gets 1 s).
import { describe, expect, test } from "vitest";
import { createTestWorld } from "../../test/helpers.js";
import { MAX_BODY_BYTES, MAX_FORM_FIELDS, MAX_JSON_DEPTH } from "../options/limits.js";
import { readBody } from "./body.js";

const { identity } = await createTestWorld({ rateLimit: false });
const GENEROUS_MS = 1000;

async function timedLogin(body: BodyInit, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	const response = await identity.handle(new Request("http://localhost/identity/login", { method: "POST", headers: { accept: "application/json", ...headers }, body }));
	await response.arrayBuffer();
	return { status: response.status, ms: performance.now() - started };
}

function multipart(parts: number, filler = ""): { body: string; type: string } {
	const boundary = "b0undary";
	let body = "";
	for (let i = 0; i < parts; i++) body += `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${filler}\r\n`;
	return { body: `${body}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

describe("request bodies are parsed in linear time and bounded", () => {
	const sizes = [60 * 1024, 240 * 1024, MAX_BODY_BYTES];

	test.each(sizes)("%i bytes of `a&` (urlencoded) are refused quickly", async (size) => {
		const { status, ms } = await timedLogin("a&".repeat(size / 2), { "content-type": "application/x-www-form-urlencoded" });
		expect(status).toBe(413);
		expect(ms).toBeLessThan(GENEROUS_MS);
	});

	test.each(sizes)("%i bytes of `a&` without a content type are refused quickly", async (size) => {
		const { status, ms } = await timedLogin(new TextEncoder().encode("a&".repeat(size / 2)), {});
		expect(status).toBe(413);
		expect(ms).toBeLessThan(GENEROUS_MS);
	});

	test("a multipart body with too many parts is refused quickly", async () => {
		const { body, type } = multipart(Math.floor(MAX_BODY_BYTES / 60));
		expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
		const { status, ms } = await timedLogin(body, { "content-type": type });
		expect(status).toBe(413);
		expect(ms).toBeLessThan(GENEROUS_MS);
	});

	test("the largest accepted bodies (1,000 fields; 1,000 parts; 2 MiB of one field) are read quickly", async () => {
		const fields = Array.from({ length: MAX_FORM_FIELDS }, (_, i) => `a=${i}`).join("&");
		const form = await timedLogin(fields, { "content-type": "application/x-www-form-urlencoded" });
		expect(form.status).toBe(400);
		expect(form.ms).toBeLessThan(GENEROUS_MS);
		const { body, type } = multipart(MAX_FORM_FIELDS, "x".repeat(1800));
		expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
		const parts = await timedLogin(body, { "content-type": type });
		expect(parts.status).toBe(400);
		expect(parts.ms).toBeLessThan(GENEROUS_MS);
		const big = await timedLogin(`username=${"x".repeat(MAX_BODY_BYTES - 20)}`, { "content-type": "application/x-www-form-urlencoded" });
		expect(big.status).toBe(400);
		expect(big.ms).toBeLessThan(GENEROUS_MS);
		const boundaryLike = await timedLogin(`--${"-".repeat(MAX_BODY_BYTES - 40)}`, { "content-type": "multipart/form-data; boundary=-----" });
		expect(boundaryLike.status).toBeGreaterThanOrEqual(400);
		expect(boundaryLike.status).toBeLessThan(500);
		expect(boundaryLike.ms).toBeLessThan(GENEROUS_MS);
	});

	test("JSON nested deeper than 32 levels is a 400; 2 MiB of nesting is refused quickly", async () => {
		const ok = await readBody(new Request("http://localhost/", { method: "POST", headers: { "content-type": "application/json" }, body: `{"a":${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}` }));
		expect(ok.ok).toBe(true);
		const deep = await timedLogin(`{"a":${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}}`, { "content-type": "application/json" });
		expect(deep.status).toBe(400);
		const huge = await timedLogin(`{"a":${"[".repeat(MAX_BODY_BYTES / 2 - 10)}`, { "content-type": "application/json" });
		expect(huge.status).toBe(400);
		expect(huge.ms).toBeLessThan(GENEROUS_MS);
		const strings = await timedLogin(JSON.stringify({ username: "[".repeat(MAX_BODY_BYTES - 100) }), { "content-type": "application/json" });
		expect(strings.status).toBe(400);
	});

	test("a cross-site login is refused before its body is read", async () => {
		let pulled = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled++;
				controller.enqueue(new TextEncoder().encode("a&".repeat(1024)));
			}
		});
		const response = await identity.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
				body,
				duplex: "half"
			} as RequestInit)
		);
		expect(response.status).toBe(403);
		expect(pulled).toBeLessThanOrEqual(1);
	});
});
