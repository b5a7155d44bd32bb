import { IdentityError } from "../errors.js";

/** The endpoints of the default routes. */
export type IdentityEndpoint = "login" | "logout";

/**
 * The relative URL of a default route, with `values` as query parameters:
 * `urlForIdentity("/identity", "login", { next: "/admin" })` is `/identity/login?next=%2Fadmin`.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an unknown endpoint.
 */
export function urlForIdentity(basePath: string, endpoint: IdentityEndpoint, values: Record<string, string> = {}): string {
	if (endpoint !== "login" && endpoint !== "logout") {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Unknown identity endpoint "${String(endpoint)}" (expected "login" or "logout")`);
	}
	const query = new URLSearchParams(values).toString();
	return `${basePath}/${endpoint}${query ? `?${query}` : ""}`;
}
