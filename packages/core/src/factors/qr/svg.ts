import { IdentityError } from "../../errors.js";
import { qrMatrix } from "./matrix.js";
import type { QrErrorCorrection } from "./tables.js";

/** How {@link qrSvg} draws a code. */
export interface QrSvgOptions {
	/** Default `"M"` (15 % of the symbol may be damaged). */
	errorCorrection?: QrErrorCorrection;
	/** Light modules around the symbol; default 4, the minimum scanners are specified for. */
	quietZone?: number;
	/** The accessible name (`aria-label`); default `"QR code"`. Never put the encoded secret here. */
	label?: string;
	/** The `width` and `height` in CSS pixels; default 256. The `viewBox` scales to any size. */
	size?: number;
}

/**
 * A QR code of `text` as one inline `<svg>` (no external service, no script): a light background
 * `<rect>` and a single `<path>` of the dark modules, `role="img"`, an `aria-label`, a 4-module
 * quiet zone. Byte mode (UTF-8), the smallest version that fits, the mask with the lowest
 * standard penalty. An `otpauth://` URL of 300 characters is version 13 at level M.
 *
 * @example
 * const html = `<figure>${qrSvg(totpUrl({ issuer, account, secret }), { label: "Scan with your authenticator app" })}</figure>`;
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for a text too long for any QR version or invalid options.
 */
export function qrSvg(text: string, options: QrSvgOptions = {}): string {
	if (typeof text !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR code text: expected a string");
	const { errorCorrection = "M", quietZone = 4, label = "QR code", size = 256 } = options;
	if (!["L", "M", "Q", "H"].includes(errorCorrection)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR error correction: expected L, M, Q or H");
	if (!Number.isInteger(quietZone) || quietZone < 0 || quietZone > 64) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR quiet zone: expected an integer from 0 to 64");
	if (typeof size !== "number" || !Number.isFinite(size) || size <= 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR size: expected a positive number");
	if (typeof label !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR label: expected a string");
	const matrix = qrMatrix(text, errorCorrection);
	const side = matrix.size + 2 * quietZone;
	const d: string[] = [];
	for (let y = 0; y < matrix.size; y++) {
		for (let x = 0; x < matrix.size; ) {
			if (!matrix.modules[y * matrix.size + x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < matrix.size && matrix.modules[y * matrix.size + x]) x++;
			d.push(`M${start + quietZone} ${y + quietZone}h${x - start}v1h-${x - start}z`);
		}
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${size}" height="${size}" role="img" aria-label="${escapeAttribute(label)}" shape-rendering="crispEdges">` +
		`<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d.join("")}"/></svg>`
	);
}

function escapeAttribute(value: string): string {
	return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
