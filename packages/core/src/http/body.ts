import { MAX_BODY_BYTES, MAX_FORM_FIELDS, MAX_JSON_DEPTH } from "../options/limits.js";
import { isJsonMediaType, mediaType } from "./negotiate.js";

/** A parsed body: each field is a string, a string list (repeated form field), a file, or any JSON value. */
export type BodyFields = Record<string, unknown>;

/** The parsed body, or why it could not be read. */
export type BodyResult =
	| { ok: true; fields: BodyFields }
	| { ok: false; reason: "invalid_body" | "body_too_large" | "unsupported_media_type" };

/**
 * Reads a request body up to `maxBytes`, stopping (and cancelling the stream) as soon as it is
 * exceeded: an oversized or endless body is never read whole.
 */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | "too_large" | "unreadable"> {
	if (!request.body) return new Uint8Array(0);
	try {
		const reader = request.body.getReader();
		const chunks: Uint8Array[] = [];
		let size = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				// Not awaited: on a branch of a tee (Request.clone()) it settles only when both branches cancel.
				reader.cancel().catch(() => {});
				return "too_large";
			}
			chunks.push(value);
		}
		if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
		const bytes = new Uint8Array(size);
		let offset = 0;
		for (const chunk of chunks) {
			bytes.set(chunk, offset);
			offset += chunk.byteLength;
		}
		return bytes;
	} catch {
		return "unreadable";
	}
}

/** Whether JSON text nests deeper than `max` arrays/objects. Linear; strings are skipped. */
export function jsonTooDeep(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

/** How many `&`-separated fields an urlencoded body has (empty pieces do not count). */
function countFormFields(text: string): number {
	let count = 0;
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf("&", start);
		if (end === -1) end = text.length;
		if (end > start) count++;
		start = end + 1;
	}
	return count;
}

/** How many times `needle` occurs in `bytes` without overlapping (Knuth-Morris-Pratt: linear, whatever the input). */
function countOccurrences(bytes: Uint8Array, needle: Uint8Array): number {
	const border = new Int32Array(needle.length);
	for (let i = 1, k = 0; i < needle.length; i++) {
		while (k > 0 && needle[i] !== needle[k]) k = border[k - 1]!;
		if (needle[i] === needle[k]) k++;
		border[i] = k;
	}
	let count = 0;
	for (let i = 0, k = 0; i < bytes.length; i++) {
		while (k > 0 && bytes[i] !== needle[k]) k = border[k - 1]!;
		if (bytes[i] === needle[k]) k++;
		if (k === needle.length) {
			count++;
			k = 0;
		}
	}
	return count;
}

/** How many parts a multipart body has, by its boundary delimiters; null without a boundary. */
function countMultipartParts(bytes: Uint8Array, contentType: string): number | null {
	const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
	const boundary = match?.[1] ?? match?.[2];
	if (!boundary) return null;
	// The closing delimiter is not a part.
	return Math.max(countOccurrences(bytes, new TextEncoder().encode(`--${boundary}`)) - 1, 0);
}

/** Form entries as fields, in linear time: a repeated name becomes a list, a file stays a non-string value. */
function collect(entries: Iterable<[string, unknown]>): BodyFields {
	const fields: BodyFields = Object.create(null);
	for (const [name, value] of entries) {
		const previous = fields[name];
		if (previous === undefined) fields[name] = value;
		else if (Array.isArray(previous)) previous.push(value);
		else fields[name] = [previous, value];
	}
	return fields;
}

/**
 * Reads a body of the routes: JSON (any `application/*+json`), urlencoded, or multipart, the media
 * type matched case-insensitively; a missing content type is read as urlencoded, as a browser
 * would send it. Linear in the body's size and bounded: at most `maxBytes` (413), at most
 * {@link MAX_FORM_FIELDS} fields or parts (413), JSON nested at most {@link MAX_JSON_DEPTH} deep
 * (400). Never throws.
 */
export async function readBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
	const type = mediaType(request);
	const json = isJsonMediaType(type);
	const form = type === "" || type === "application/x-www-form-urlencoded";
	const multipart = type === "multipart/form-data";
	if (!json && !form && !multipart) return { ok: false, reason: "unsupported_media_type" };

	const declared = Number(request.headers.get("content-length") ?? "0");
	if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: "body_too_large" };
	const bytes = await readCapped(request, maxBytes);
	if (bytes === "too_large") return { ok: false, reason: "body_too_large" };
	if (bytes === "unreadable") return { ok: false, reason: "invalid_body" };

	try {
		if (multipart) {
			const contentType = request.headers.get("content-type")!;
			const parts = countMultipartParts(bytes, contentType);
			if (parts === null) return { ok: false, reason: "invalid_body" };
			if (parts > MAX_FORM_FIELDS) return { ok: false, reason: "body_too_large" };
			const data = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
			return { ok: true, fields: collect(data) };
		}
		const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
		if (json) {
			if (text.length === 0) return { ok: true, fields: {} };
			if (jsonTooDeep(text, MAX_JSON_DEPTH)) return { ok: false, reason: "invalid_body" };
			const value: unknown = JSON.parse(text);
			if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "invalid_body" };
			return { ok: true, fields: value as BodyFields };
		}
		if (countFormFields(text) > MAX_FORM_FIELDS) return { ok: false, reason: "body_too_large" };
		return { ok: true, fields: collect(new URLSearchParams(text)) };
	} catch {
		return { ok: false, reason: "invalid_body" };
	}
}
