import { describe, expect, test } from "vitest";
import { MAX_BODY_BYTES } from "../options/limits.js";
import { readBody } from "./body.js";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
	new Request("http://localhost/identity/login", { method: "POST", body, headers });

describe("readBody()", () => {
	test("reads JSON, urlencoded, multipart and missing content types; repeated form fields become lists", async () => {
		expect(await readBody(post('{"a":1}', { "content-type": "Application/JSON" }))).toEqual({ ok: true, fields: { a: 1 } });
		expect(await readBody(post('{"a":1}', { "content-type": "application/vnd.api+json" }))).toMatchObject({ ok: true });
		const form = await readBody(post("a=1&a=2&b=3", { "content-type": "application/x-www-form-urlencoded" }));
		expect(form).toMatchObject({ ok: true, fields: { a: ["1", "2"], b: "3" } });
		const data = new FormData();
		data.set("a", "x");
		expect(await readBody(post(data))).toMatchObject({ ok: true, fields: { a: "x" } });
		expect(await readBody(post(new TextEncoder().encode("a=1")))).toMatchObject({ ok: true, fields: { a: "1" } });
	});
	test("refuses bad and oversized bodies with a status, never a throw", async () => {
		expect(await readBody(post("{", { "content-type": "application/json" }))).toMatchObject({ ok: false, reason: "invalid_body" });
		expect(await readBody(post("null", { "content-type": "application/json" }))).toMatchObject({ ok: false, reason: "invalid_body" });
		expect(await readBody(post(new Uint8Array([0xff, 0xfe]), { "content-type": "application/x-www-form-urlencoded" }))).toMatchObject({ ok: false, reason: "invalid_body" });
		expect(await readBody(post("x", { "content-type": "text/plain" }))).toMatchObject({ ok: false, reason: "unsupported_media_type" });
		expect(await readBody(post("a".repeat(MAX_BODY_BYTES + 1), { "content-type": "application/json" }))).toMatchObject({ ok: false, reason: "body_too_large" });
		expect(await readBody(post("x", { "content-type": "application/json", "content-length": "99999999" }))).toMatchObject({ ok: false, reason: "body_too_large" });
		expect(await readBody(post("--x\r\nbroken", { "content-type": "multipart/form-data; boundary=x" }))).toMatchObject({ ok: false, reason: "invalid_body" });
	});
	test("stops reading a streamed body once it passes the cap", async () => {
		let pulled = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled += 1;
				controller.enqueue(new Uint8Array(16 * 1024));
			}
		});
		const request = new Request("http://localhost/", { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
		expect(await readBody(request)).toMatchObject({ ok: false, reason: "body_too_large" });
		expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES / (16 * 1024) + 2);
	});
});

