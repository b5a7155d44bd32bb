import { IdentityError } from "../errors.js";

/** The endpoints of the default routes. */
export const IDENTITY_ENDPOINTS = [
	"login",
	"logout",
	"verify",
	"register",
	"confirm",
	"confirm/resend",
	"recover",
	"reset",
	"change-password",
	"change-email",
	"change-email/confirm",
	"two-factor",
	"two-factor/setup",
	"two-factor/enable",
	"two-factor/disable",
	"two-factor/recovery-codes",
	"passkeys",
	"passkeys/register/options",
	"passkeys/register",
	"passkeys/login/options",
	"passkeys/login",
	"passkeys/delete"
] as const;

/** An endpoint of the default routes. */
export type IdentityEndpoint = (typeof IDENTITY_ENDPOINTS)[number];

/**
 * The relative URL of a default route, with `values` as query parameters:
 * `urlForIdentity("/identity", "login", { next: "/admin" })` is `/identity/login?next=%2Fadmin`.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an unknown endpoint.
 */
export function urlForIdentity(basePath: string, endpoint: IdentityEndpoint, values: Record<string, string> = {}): string {
	if (!(IDENTITY_ENDPOINTS as readonly string[]).includes(endpoint)) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Unknown identity endpoint "${String(endpoint)}" (expected one of ${IDENTITY_ENDPOINTS.join(", ")})`);
	}
	const query = new URLSearchParams(values).toString();
	return `${basePath}/${endpoint}${query ? `?${query}` : ""}`;
}
