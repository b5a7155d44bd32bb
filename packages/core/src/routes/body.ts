import { readCapped } from "../internal/read-capped.js";
import { isJsonBody, mediaType } from "./http.js";

/**
 * The largest request body the routes read, in bytes (2 MiB). Large enough that an oversized field
 * (a 1 MB password) is answered with a 400 naming it; anything bigger is a 413 read no further.
 */
export const maxBodyBytes = 2 * 1024 * 1024;

/** A parsed body: each field is a string, a string list (repeated form field) or any JSON value. */
export type BodyFields = Record<string, unknown>;

/** The parsed body, or why it could not be read (an HTTP status and an error code). */
export type BodyResult =
	| { ok: true; fields: BodyFields }
	| { ok: false; status: 400 | 413 | 415; error: "invalid_body" | "body_too_large" | "unsupported_media_type" };

/**
 * Reads a login or logout body: JSON (any `application/*+json`), urlencoded, or multipart, with
 * the media type matched case-insensitively. A missing content type is read as urlencoded, as a
 * browser would send it. Bodies over {@link maxBodyBytes} are refused without being read whole.
 */
export async function readBody(request: Request): Promise<BodyResult> {
	const type = mediaType(request);
	const json = isJsonBody(request);
	const form = type === "" || type === "application/x-www-form-urlencoded";
	const multipart = type === "multipart/form-data";
	if (!json && !form && !multipart) return { ok: false, status: 415, error: "unsupported_media_type" };

	const declared = Number(request.headers.get("content-length") ?? "0");
	if (Number.isFinite(declared) && declared > maxBodyBytes) return { ok: false, status: 413, error: "body_too_large" };
	const bytes = await readCapped(request, maxBodyBytes);
	if (bytes === "too_large") return { ok: false, status: 413, error: "body_too_large" };
	if (bytes === "unreadable") return { ok: false, status: 400, error: "invalid_body" };

	try {
		if (json) {
			if (bytes.byteLength === 0) return { ok: true, fields: {} };
			const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
			if (typeof value !== "object" || value === null || Array.isArray(value)) {
				return { ok: false, status: 400, error: "invalid_body" };
			}
			return { ok: true, fields: value as BodyFields };
		}
		if (form) {
			const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
			return { ok: true, fields: collect(new URLSearchParams(text)) };
		}
		const data = await new Response(bytes, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
		return { ok: true, fields: collect(data) };
	} catch {
		return { ok: false, status: 400, error: "invalid_body" };
	}
}

/** Form entries as fields; a repeated name becomes a list, an uploaded file stays a non-string value. */
function collect(entries: Iterable<[string, unknown]>): BodyFields {
	const fields: BodyFields = Object.create(null);
	for (const [name, value] of entries) {
		const previous = fields[name];
		if (previous === undefined) fields[name] = value;
		else fields[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
	}
	return fields;
}

