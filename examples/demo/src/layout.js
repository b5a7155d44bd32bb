/** HTML helpers for the demo's pages: one layout, escaping, and no external assets. */

const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(value) {
	return String(value ?? "").replace(/[&<>"']/g, (c) => entities[c]);
}

const styles = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2433}
header{background:#1d2433;color:#fff}nav{max-width:56rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
nav a{color:#dbe4ff;text-decoration:none}nav a:hover,nav a[aria-current=page]{color:#fff;text-decoration:underline}
nav .who{margin-left:auto;color:#c3cad8}nav form{margin:0}nav button{font:inherit;padding:.3rem .8rem;border-radius:.4rem;border:1px solid #dbe4ff;background:transparent;color:#fff;cursor:pointer}
main{max-width:56rem;margin:2rem auto;padding:0 1rem}section{background:#fff;border:1px solid #dde1e8;border-radius:.75rem;padding:1.5rem}
h1{margin-top:0;font-size:1.6rem}code{background:#eef1f6;padding:.1rem .3rem;border-radius:.25rem}
table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0}
`;

const links = [
	["/", "Home"],
	["/account", "Account"],
	["/admin", "Admin"],
	["/editorial", "Editorial"],
	["/settings", "Settings (fresh login)"],
	["/api/me", "API"]
];

/**
 * A whole page: navigation, who is signed in, and a logout button (a POST form carrying the CSRF
 * token) or a sign-in link.
 */
export function page({ title, path, user, csrfToken, body, loginUrl, logoutUrl }) {
	const nav = links
		.map(([href, label]) => `<a href="${href}"${href === path ? ' aria-current="page"' : ""}>${escapeHtml(label)}</a>`)
		.join("");
	const who = user?.isAuthenticated
		? `<span class="who">Signed in as <strong>${escapeHtml(user.username)}</strong></span>
<form method="post" action="${escapeHtml(logoutUrl)}"><input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken ?? "")}"><button type="submit">Sign out</button></form>`
		: `<a class="who" href="${escapeHtml(loginUrl)}">Sign in</a>`;
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · identity demo</title><style>${styles}</style></head>
<body>
<header><nav aria-label="Main">${nav}${who}</nav></header>
<main><section>
<h1>${escapeHtml(title)}</h1>
${body}
</section></main>
</body>
</html>`;
}

/** An HTML response that no cache (and no back button) may keep. */
export function htmlResponse(html, status = 200) {
	return new Response(html, {
		status,
		headers: {
			"content-type": "text/html; charset=utf-8",
			"cache-control": "no-store",
			"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
			"x-content-type-options": "nosniff"
		}
	});
}
