import { renderIdentityView } from "@identity/core";
import { generateTOTP } from "@oslojs/otp";
import { escapeHtml, htmlResponse, page } from "./layout.js";

/** RFC 4648 base32 (the authenticator secret shown on the setup page) to bytes. */
function base32(text) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	let bits = "";
	for (const c of text.toUpperCase().replace(/[\s=]/g, "")) {
		const i = alphabet.indexOf(c);
		if (i < 0) return null;
		bits += i.toString(2).padStart(5, "0");
	}
	return Uint8Array.from(bits.match(/.{8}/g) ?? [], (b) => parseInt(b, 2));
}

/**
 * The demo's fetch handler: a few pages, each behind a different guard, a token-protected JSON
 * API, the identity routes under /identity shown inside the demo's layout, and two developer
 * helpers: the mailbox (the mails the account flows would have sent) and a TOTP code calculator.
 *
 * @param {import("@identity/core").Identity} identity
 * @param {{ mailer?: import("@identity/core").OutboxMailer }} [options]
 * @returns {(request: Request) => Promise<Response>}
 */
export function createDemoApp(identity, { mailer } = {}) {
	const { withIdentity, loginRequired, rolesRequired, rolesAccepted, authRequired, freshLoginRequired } = identity;
	const url = identity.urlForIdentity;

	/** A page of the demo, with the signed-in user and a CSRF token for the forms. */
	const render = async (request, { title, body, status = 200, narrow = false, css = "", copy = false }) => {
		const user = identity.currentUser(request);
		const path = new URL(request.url).pathname;
		const csrfToken = await identity.getCsrfToken(request);
		const html = page({
			title,
			path,
			user,
			auth: identity.currentAuthentication(request),
			csrfToken,
			body: typeof body === "function" ? body({ user, csrfToken }) : body,
			loginUrl: url("login", path === "/" || path.startsWith("/identity/") ? {} : { next: path }),
			logoutUrl: url("logout"),
			narrow,
			css,
			copy
		});
		return htmlResponse(html, status);
	};
	const view = (title, body, options = {}) => async (request) => render(request, { title, body: (ctx) => body(ctx, request), ...options });

	// The identity's own pages (login, verify, sign-up, two-factor, passkeys, 403 ...) inside the demo's layout.
	identity.templateRender(async (name, context) => {
		const { title, html, styles } = renderIdentityView(name, context);
		const { request } = context;
		const user = identity.currentUser(request);
		const csrfToken = user.isAuthenticated ? await identity.getCsrfToken(request) : "";
		const path = new URL(request.url).pathname;
		return page({ title, path, user, auth: identity.currentAuthentication(request), csrfToken, body: html, loginUrl: url("login"), logoutUrl: url("logout"), narrow: true, css: styles, heading: false });
	});

	const roleList = (user) => (user.roles.length ? user.roles.map((r) => `<code>${escapeHtml(r)}</code>`).join(" ") : "none");
	const form = (action, csrfToken, label, extra = "") =>
		`<form method="post" action="${escapeHtml(action)}" style="display:inline">${extra}<input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken)}"><button type="submit" class="inline">${escapeHtml(label)}</button></form>`;

	const routes = {
		"/": withIdentity(
			view("Home", ({ user }, request) => {
				if (!user.isAuthenticated) {
					return `<p>This is the <code>@identity</code> demo. The pages above need a login, a role, or a fresh login.</p>
<p><a href="${escapeHtml(url("login"))}">Sign in</a> with one of the demo users printed in the terminal, or <a href="${escapeHtml(url("register"))}">create an account</a> (the confirmation mail lands in the <a href="/dev/mailbox">dev mailbox</a>).</p>`;
				}
				const auth = identity.currentAuthentication(request);
				return `<p>Welcome back, <strong>${escapeHtml(user.username)}</strong>. Your roles: ${roleList(user)}.</p>
<table><tr><th>Signed in with</th><td>${escapeHtml(auth.method)}</td></tr>
<tr><th>Fresh login</th><td>${auth.fresh ? '<span class="badge ok">yes</span>' : '<span class="badge warn">no</span> (pages that need a fresh login ask for the password again)'}</td></tr>
<tr><th>Since</th><td>${escapeHtml(auth.authenticatedAt?.toISOString() ?? "")}</td></tr>
<tr><th>Credential expires</th><td>${escapeHtml(auth.expiresAt?.toISOString() ?? "")}</td></tr></table>
<p>Try the pages above: each one is guarded differently.</p>`;
			})
		),
		"/account": loginRequired(
			view(
				"Account",
				({ user, csrfToken }) => `<p>Any signed-in user sees this page (<code>loginRequired</code>).</p>
<table><tr><th>Username</th><td>${escapeHtml(user.username)}</td></tr><tr><th>Email</th><td>${escapeHtml(user.email ?? "")}</td></tr><tr><th>Roles</th><td>${roleList(user)}</td></tr><tr><th>Logins</th><td>${escapeHtml(user.loginCount ?? "")}</td></tr></table>
<h2>API token</h2><p>A bearer token for <code>/api/me</code>. It is shown once, after a POST, never on a GET.</p>
${form("/account/token", csrfToken, "Create a token")}
<h2>Sessions</h2><p>Sign out of every browser and revoke every token (rotates your uniquifier).</p>
${form("/account/sign-out-everywhere", csrfToken, "Sign out everywhere")}`
			)
		),
		"/admin": rolesRequired(
			view("Admin", () => `<p>Only users with the <code>admin</code> role see this page (<code>rolesRequired</code>).</p><p data-testid="admin-secret">Admin console: all systems nominal.</p>`),
			"admin"
		),
		"/editorial": rolesAccepted(
			view("Editorial", ({ user }) => `<p>Editors and writers see this page (<code>rolesAccepted</code>). You have ${roleList(user)}.</p>`),
			"editor",
			"writer"
		),
		"/settings": freshLoginRequired(
			view("Settings", () => `<p>This page needs a fresh login (<code>freshLoginRequired</code>): a remembered session must enter the password again.</p>`)
		),
		"/security": loginRequired(
			view(
				"Security",
				({ user }) => `<p>Manage how <strong>${escapeHtml(user.username)}</strong> signs in.</p>
<ul><li><a href="${escapeHtml(url("two-factor/setup"))}">Two-factor sign-in</a> (an authenticator app; the <a href="/dev/totp">TOTP helper</a> computes codes from the key)</li>
<li><a href="${escapeHtml(url("passkeys"))}">Passkeys</a></li>
<li><a href="${escapeHtml(url("change-password"))}">Change password</a></li>
<li><a href="${escapeHtml(url("change-email"))}">Change email</a></li></ul>`
			)
		),
		"/api/me": authRequired(async (request) => {
			const user = identity.currentUser(request);
			return Response.json({ user: identity.getSecurityPayload(user) }, { headers: { "cache-control": "no-store" } });
		}, "token")
	};

	const posts = {
		"/account/token": loginRequired(async (request) => {
			const user = identity.currentUser(request);
			const token = await identity.getAuthToken(user);
			const origin = new URL(request.url).origin;
			return render(request, {
				title: "Your API token",
				copy: true,
				body: `<p>Use it as <code>Authorization: Bearer …</code>. It stops working when you sign out everywhere, change your password, or in 30 days.</p>
<pre id="token">${escapeHtml(token)}</pre><button type="button" class="inline" data-copy="token">Copy token</button>
<p>Try it:</p><pre id="curl">curl -H "Authorization: Bearer ${escapeHtml(token)}" ${escapeHtml(origin)}/api/me</pre><button type="button" class="inline" data-copy="curl">Copy command</button>
<p><a href="/account">Back to the account</a></p>`
			});
		}),
		"/account/sign-out-everywhere": loginRequired(async (request) => {
			await identity.resetUserAccess(identity.currentUser(request));
			await identity.logoutUser(request);
			return new Response(null, { status: 303, headers: { location: "/", "cache-control": "no-store" } });
		})
	};

	const dev = {
		"/dev/mailbox": withIdentity(
			view("Mailbox (development)", () => {
				const messages = mailer ? mailer.messages().reverse() : [];
				if (messages.length === 0) return `<p>No mail yet. Sign-up, password recovery and email changes send mail here instead of over SMTP.</p>`;
				return `<p>The mails the account flows sent, newest first. In production they go out by SMTP (<code>createSmtpMailer</code>).</p>
${messages
	.map(
		(m, i) => `<article data-testid="mail-${i}"><h2 style="font-size:1.1rem">${escapeHtml(m.subject)}</h2>
<p class="muted">To <strong>${escapeHtml(m.to)}</strong> · ${escapeHtml(m.kind)}</p>
${m.link ? `<p><a href="${escapeHtml(m.link)}" data-testid="mail-link">${escapeHtml(m.link)}</a></p>` : ""}
${m.code ? `<p>Code: <code data-testid="mail-code">${escapeHtml(m.code)}</code></p>` : ""}
<pre>${escapeHtml(m.text)}</pre></article>`
	)
	.join("<hr>")}`;
			})
		),
		"/dev/totp": withIdentity(async (request) => {
			const secret = new URL(request.url).searchParams.get("secret") ?? "";
			const key = secret ? base32(secret) : null;
			const code = key && key.length >= 10 ? generateTOTP(key, 30, 6) : null;
			return render(request, {
				title: "TOTP helper (development)",
				narrow: true,
				body: `<p>What an authenticator app would show for a key. Paste the key from the two-factor setup page.</p>
<form method="get" action="/dev/totp"><label for="secret">Key</label><input id="secret" name="secret" value="${escapeHtml(secret)}" style="width:100%;padding:.5rem"><button type="submit" class="inline">Show the code</button></form>
${code ? `<p>Current code: <code data-testid="totp-code" style="font-size:1.5rem">${code}</code></p>` : secret ? "<p>That is not a base32 key.</p>" : ""}`
			});
		})
	};

	return async (request) => {
		const { pathname } = new URL(request.url);
		if (pathname === "/identity" || pathname.startsWith("/identity/")) return identity.handle(request);
		if (request.method === "POST" && Object.hasOwn(posts, pathname)) return posts[pathname](request);
		const route = Object.hasOwn(routes, pathname) ? routes[pathname] : Object.hasOwn(dev, pathname) ? dev[pathname] : null;
		if (!route) return withIdentity((r) => render(r, { title: "Not found", status: 404, body: "<p>No such page.</p>" }))(request);
		if (request.method !== "GET" && request.method !== "HEAD" && pathname !== "/api/me") {
			return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
		}
		return route(request);
	};
}
