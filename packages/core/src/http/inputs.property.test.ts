// Property tests (fast-check) over the request inputs an attacker controls before signing in: the
// body parser (JSON, urlencoded, multipart) and `next`. Properties: no throw (a typed refusal is
// the API), what was sent is what is read, the limits hold, every accepted `next` stays on this
// origin, and each run stays within a generous time bound.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { RUNS, withinBound } from "../../test/properties.js";
import { createTestWorld } from "../../test/helpers.js";
import { createPbkdf2Hasher } from "../index.js";
import { MAX_JSON_DEPTH } from "../options/limits.js";
import { readBody } from "./body.js";
import { isSafeRedirectPath, safeRedirectPath } from "./redirect.js";


const REASONS = ["invalid_body", "body_too_large", "unsupported_media_type"];
const post = (body: BodyInit | null, contentType: string | null) =>
	new Request("http://localhost/identity/login", { method: "POST", headers: contentType === null ? {} : { "content-type": contentType }, body });

const contentType = fc.oneof(
	fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/ld+json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "multipart/form-data", "text/plain", ""),
	fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n\0]/g, ""))
);
/** Bodies that look like each format, and bytes that look like nothing. */
const bodyBytes = fc.oneof(
	fc.uint8Array({ maxLength: 2000 }),
	fc.json({ maxDepth: 6 }).map((text) => new TextEncoder().encode(text)),
	fc.string({ unit: "binary", maxLength: 500 }).map((text) => new TextEncoder().encode(text)),
	fc.array(fc.constantFrom("--XyZ\r\n", 'Content-Disposition: form-data; name="username"\r\n', "\r\n", "admin", "--XyZ--", "&", "=", "%", "{", "[", '"'), { maxLength: 60 }).map((parts) => new TextEncoder().encode(parts.join("")))
);

describe("readBody() (the routes' body parser)", () => {
	test("never throws: any bytes under any content type are fields or a typed refusal", async () => {
		await fc.assert(
			fc.asyncProperty(bodyBytes, fc.option(contentType), async (bytes, type) => {
				const result = await withinBound(() => readBody(post(bytes, type)));
				if (!result.ok) expect(REASONS).toContain(result.reason);
				else expect(typeof result.fields).toBe("object");
			}),
			RUNS
		);
	});

	test("a JSON object is read back as sent", async () => {
		await fc.assert(
			fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 5 }), { maxKeys: 8 }), async (object) => {
				const text = JSON.stringify(object);
				const result = await readBody(post(text, "application/json"));
				expect(result).toEqual({ ok: true, fields: JSON.parse(text) });
			}),
			RUNS
		);
	});

	test(`JSON nested up to ${MAX_JSON_DEPTH} levels is read; deeper is invalid_body`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }), fc.constantFrom("[", '{"a":'), fc.jsonValue({ maxDepth: 0 }), async (depth, open, leaf) => {
				// The outer object is one level; `depth - 1` containers inside it.
				let inner = JSON.stringify(leaf);
				for (let i = 1; i < depth; i++) inner = open === "[" ? `[${inner}]` : `{"a":${inner}}`;
				const result = await withinBound(() => readBody(post(`{"x":${inner}}`, "application/json")));
				expect(result.ok).toBe(depth <= MAX_JSON_DEPTH);
			}),
			RUNS
		);
	});

	const fieldList = fc.array(fc.tuple(fc.string({ unit: "binary", maxLength: 10 }), fc.string({ unit: "binary", maxLength: 30 })), { maxLength: 12 });
	/** What the parser should give: each name's value, or a list of them when it is repeated. */
	function expectedFields(pairs: [string, string][]): Record<string, unknown> {
		// Null prototype: a field named "__proto__" is a field like any other (as the parser keeps it).
		const fields: Record<string, string | string[]> = Object.create(null);
		for (const [name, value] of pairs) {
			const previous = fields[name];
			fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
		}
		return fields;
	}
	// Lone surrogates do not survive UTF-8 encoding (they become U+FFFD): compare what was really sent.
	const wellFormed = (s: string) => s.replace(/\p{Cs}/gu, "\uFFFD");
	const sent = (pairs: [string, string][]) => pairs.map(([n, v]) => [wellFormed(n), wellFormed(v)] as [string, string]);

	test("an urlencoded form is read back as sent (repeated names become lists)", async () => {
		await fc.assert(
			fc.asyncProperty(fieldList, async (pairs) => {
				const result = await readBody(post(new URLSearchParams(pairs).toString(), "application/x-www-form-urlencoded"));
				expect(result.ok && { ...result.fields }).toEqual(expectedFields(sent(pairs)));
			}),
			RUNS
		);
	});

	test("a multipart form is read back as sent", async () => {
		await fc.assert(
			fc.asyncProperty(fieldList, async (pairs) => {
				const form = new FormData();
				for (const [name, value] of pairs) form.append(name, value);
				const encoded = new Response(form);
				const result = await readBody(post(await encoded.arrayBuffer(), encoded.headers.get("content-type")));
				// FormData normalises line breaks in names and values to CRLF on the wire.
				const normalised = sent(pairs).map(([n, v]) => [n, v.replace(/\r?\n|\r/g, "\r\n")] as [string, string]);
				expect(result.ok && { ...result.fields }).toEqual(expectedFields(normalised.map(([n, v]) => [n.replace(/\r?\n|\r/g, "\r\n"), v])));
			}),
			{ numRuns: 200 }
		);
	});
});

/** Characters that make redirect targets dangerous, and percent-encodings of them. */
const tricky = fc.constantFrom("/", "//", "\\", "/\\", "%2f", "%2F", "%5c", "%5C", "%252f", "%25", "%2e", ".", "..", ":", "@", "?", "#", "\t", " ", "%09", "%0a", "%00", "evil.example", "http:", "https:", "javascript:", "a", "x", "\u3002", "\uff0f", "%E3%80%82", "%ef%bc%8f");
const nextValue = fc.oneof(
	fc.webUrl(),
	fc.webPath(),
	fc.array(tricky, { maxLength: 8 }).map((parts) => parts.join("")),
	fc.array(tricky, { maxLength: 8 }).map((parts) => `/${parts.join("")}`),
	fc.string({ unit: "binary", maxLength: 40 })
);
const origins = ["http://localhost", "https://app.example", "https://app.example:8443"];

/** Every form a later hop might see: the value and its percent-decodings. */
function decodings(value: string): string[] {
	const forms = [value];
	for (let i = 0; i < 4; i++) {
		try {
			const decoded = decodeURIComponent(forms[forms.length - 1]!);
			if (decoded === forms[forms.length - 1]) break;
			forms.push(decoded);
		} catch {
			break;
		}
	}
	return forms;
}

describe("`next` (isSafeRedirectPath / safeRedirectPath)", () => {
	test("never throws; an accepted value and each of its percent-decodings resolve on the same origin, whichever it is", () => {
		fc.assert(
			fc.property(nextValue, (value) => {
				if (!isSafeRedirectPath(value)) return;
				for (const form of decodings(value)) {
					expect(form.startsWith("/")).toBe(true);
					expect(form.startsWith("//")).toBe(false);
					expect(form).not.toContain("\\");
					for (const origin of origins) expect(new URL(form, origin).origin).toBe(origin);
				}
			}),
			{ numRuns: 500 }
		);
	});

	test("safeRedirectPath() always returns a safe path: the value, the fallback or '/'", () => {
		fc.assert(
			fc.property(nextValue, nextValue, (value, fallback) => {
				const target = safeRedirectPath(value, fallback);
				expect(isSafeRedirectPath(target) || target === "/").toBe(true);
				expect([value, fallback, "/"]).toContain(target);
			}),
			{ numRuns: 500 }
		);
	});

	test("absolute URLs are never accepted, even of this origin", () => {
		fc.assert(
			fc.property(fc.webUrl(), (url) => {
				expect(isSafeRedirectPath(url)).toBe(false);
			}),
			RUNS
		);
	});
});

// No rate limit: hundreds of logins in a row are the point here.
const { identity, password } = await createTestWorld({ password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) }, rateLimit: false });
const login = (body: BodyInit, type: string | null, accept = "application/json") =>
	identity.handle(new Request("http://localhost/identity/login", { method: "POST", headers: { accept, ...(type === null ? {} : { "content-type": type }) }, body }));

describe("POST /identity/login (the body and `next` through the real route)", () => {
	test("any body under any content type is a 4xx without a session cookie, never a 500", async () => {
		await fc.assert(
			fc.asyncProperty(bodyBytes, fc.option(contentType), async (bytes, type) => {
				const response = await withinBound(() => login(bytes, type));
				expect(response.status).toBeGreaterThanOrEqual(400);
				expect(response.status).toBeLessThan(500);
				expect(response.headers.getSetCookie().some((c) => /^identity_(session|remember)=[^;]/.test(c))).toBe(false);
			}),
			{ numRuns: 200 }
		);
	});

	test("a successful form login redirects to `next` only when it is safe, and always on this origin", async () => {
		await fc.assert(
			fc.asyncProperty(nextValue, async (next) => {
				const form = new URLSearchParams({ username: "admin", password, next });
				const response = await login(form.toString(), "application/x-www-form-urlencoded", "text/html");
				expect(response.status).toBe(303);
				const location = response.headers.get("location")!;
				expect(location).toBe(isSafeRedirectPath(next) ? next : "/");
				expect(new URL(location, "http://localhost").origin).toBe("http://localhost");
			}),
			{ numRuns: 200 }
		);
	});
});
