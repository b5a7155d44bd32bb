import { escapeHtml, htmlResponse, page } from "./layout.js";

/**
 * The demo's fetch handler: a few pages, each behind a different guard, a token-protected JSON
 * API, and the identity routes under /identity.
 *
 * @param {import("@identity/core").Identity} identity
 * @returns {(request: Request) => Promise<Response>}
 */
export function createDemoApp(identity) {
	const { withIdentity, loginRequired, rolesRequired, rolesAccepted, authRequired, freshLoginRequired } = identity;

	/** A page handler: renders `body(user)` in the layout, with a CSRF token for the logout form. */
	const view = (title, body) => async (request) => {
		const user = identity.currentUser(request);
		const path = new URL(request.url).pathname;
		// The logout form carries a CSRF token bound to this login (Origin checks protect it too).
		const csrfToken = user.isAuthenticated ? await identity.getCsrfToken(request) : "";
		const html = page({
			title,
			path,
			user,
			csrfToken,
			body: body(user),
			loginUrl: identity.urlForIdentity("login", path === "/" ? {} : { next: path }),
			logoutUrl: identity.urlForIdentity("logout")
		});
		return htmlResponse(html);
	};

	const roleList = (user) => (user.roles.length ? user.roles.map((r) => `<code>${escapeHtml(r)}</code>`).join(" ") : "none");

	const routes = {
		"/": withIdentity(
			view("Home", (user) =>
				user.isAuthenticated
					? `<p>Welcome back, <strong>${escapeHtml(user.username)}</strong>. Your roles: ${roleList(user)}.</p><p>Try the pages above: each one is guarded differently.</p>`
					: `<p>This is the <code>@identity</code> demo. Pages above need a login, a role, or a fresh login.</p><p><a href="${escapeHtml(identity.urlForIdentity("login"))}">Sign in</a> with one of the demo users printed in the terminal.</p>`
			)
		),
		"/account": loginRequired(
			view("Account", (user) => `<p>Any signed-in user sees this page (<code>loginRequired</code>).</p><table><tr><th>Username</th><td>${escapeHtml(user.username)}</td></tr><tr><th>Roles</th><td>${roleList(user)}</td></tr><tr><th>Logins</th><td>${escapeHtml(user.loginCount ?? "")}</td></tr></table>`)
		),
		"/admin": rolesRequired(
			view("Admin", () => `<p>Only users with the <code>admin</code> role see this page (<code>rolesRequired</code>).</p><p data-testid="admin-secret">Admin console: all systems nominal.</p>`),
			"admin"
		),
		"/editorial": rolesAccepted(
			view("Editorial", (user) => `<p>Editors and writers see this page (<code>rolesAccepted</code>). You have ${roleList(user)}.</p>`),
			"editor",
			"writer"
		),
		"/settings": freshLoginRequired(
			view("Settings", () => `<p>This page needs a fresh login (<code>freshLoginRequired</code>): a remembered session must sign in again.</p>`)
		),
		"/api/me": authRequired(async (request) => {
			const user = identity.currentUser(request);
			return Response.json({ user: identity.getSecurityPayload(user) }, { headers: { "cache-control": "no-store" } });
		}, "token")
	};

	return async (request) => {
		const { pathname } = new URL(request.url);
		if (pathname === "/identity" || pathname.startsWith("/identity/")) return identity.handle(request);
		const route = Object.hasOwn(routes, pathname) ? routes[pathname] : null;
		if (!route) return htmlResponse(page({ title: "Not found", path: pathname, user: null, body: "<p>No such page.</p>", loginUrl: identity.urlForIdentity("login"), logoutUrl: "" }), 404);
		if (request.method !== "GET" && request.method !== "HEAD" && pathname !== "/api/me") {
			return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
		}
		return route(request);
	};
}
