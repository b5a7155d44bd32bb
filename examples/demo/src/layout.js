/** The demo's one layout: navigation, who is signed in and how, light and dark, no external assets. */
import { createHash } from "node:crypto";

const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(value) {
	return String(value ?? "").replace(/[&<>"']/g, (c) => entities[c]);
}

const styles = `
:root{color-scheme:light dark;--bg:#f4f5f7;--fg:#1d2433;--muted:#5b6475;--card:#fff;--line:#dde1e8;--bar:#1d2433;--bar-fg:#dbe4ff;--accent:#2453d6;--code:#eef1f6;--ok:#067647;--warn:#b54708}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e6e9ef;--muted:#9aa3b2;--card:#1a1e24;--line:#2c323c;--bar:#0b0d10;--bar-fg:#c7d2fe;--accent:#8aa5ff;--code:#242a33;--ok:#47cd89;--warn:#fdb022}}
*{box-sizing:border-box}body{display:block;min-height:0;margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:var(--bar);color:#fff}nav{max-width:60rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
nav a{color:var(--bar-fg);text-decoration:none}nav a:hover,nav a[aria-current=page]{color:#fff;text-decoration:underline}
nav .who{margin-left:auto;color:#c3cad8}nav form{margin:0}nav button{font:inherit;padding:.3rem .8rem;border-radius:.4rem;border:1px solid var(--bar-fg);background:transparent;color:#fff;cursor:pointer;width:auto}
main.demo{max-width:60rem;margin:2rem auto;padding:0 1rem;display:block;min-height:0;background:none;border:0;box-shadow:none}
section.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.5rem;margin:0 0 1rem}
section.card.narrow{max-width:28rem;margin-left:auto;margin-right:auto}
h1{margin-top:0;font-size:1.6rem}code,pre{background:var(--code);padding:.1rem .3rem;border-radius:.25rem;font-family:ui-monospace,Menlo,Consolas,monospace}
pre{padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;border:1px solid currentColor;font-size:.85rem}.ok{color:var(--ok)}.warn{color:var(--warn)}
.muted{color:var(--muted)}a{color:var(--accent)}
button.inline{width:auto;display:inline-block;padding:.4rem .9rem;margin:.25rem .25rem 0 0}
`;

/** The copy buttons: the only script of the demo's own pages, allowed by its hash. */
const copyScript = `document.querySelectorAll("[data-copy]").forEach((b) => b.addEventListener("click", () => { const t = document.getElementById(b.dataset.copy); navigator.clipboard.writeText(t.textContent.trim()).then(() => { b.textContent = "Copied"; }); }));`;
const copyHash = `'sha256-${createHash("sha256").update(copyScript).digest("base64")}'`;

const links = [
	["/", "Home"],
	["/account", "Account"],
	["/admin", "Admin"],
	["/editorial", "Editorial"],
	["/settings", "Settings (fresh login)"],
	["/security", "Security"],
	["/dev/mailbox", "Mailbox (dev)"]
];

/** How the user is signed in, for the nav: "session, fresh" etc. */
export function describeAuthentication(auth) {
	if (!auth?.method) return "";
	const how = { session: "session cookie", remember: "restored from the remember cookie", token: "bearer token", basic: "HTTP Basic" }[auth.method] ?? auth.method;
	return `${how}, ${auth.fresh ? "fresh" : "not fresh"}`;
}

/**
 * A whole page: navigation, who is signed in (and how), a logout button (a POST form carrying the
 * CSRF token) or a sign-in link, the title as the heading (unless `heading` is false: identity's
 * own views bring theirs), and the content (`body` is HTML the caller escaped).
 */
export function page({ title, path, user, auth, csrfToken, body, loginUrl, logoutUrl, narrow = false, css = "", copy = false, heading = true }) {
	const nav = links
		.map(([href, label]) => `<a href="${href}"${href === path ? ' aria-current="page"' : ""}>${escapeHtml(label)}</a>`)
		.join("");
	const who = user?.isAuthenticated
		? `<span class="who">Signed in as <strong>${escapeHtml(user.username)}</strong> <span class="muted">(${escapeHtml(describeAuthentication(auth))})</span></span>
<form method="post" action="${escapeHtml(logoutUrl)}"><input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken ?? "")}"><button type="submit">Sign out</button></form>`
		: `<a class="who" href="${escapeHtml(loginUrl)}">Sign in</a>`;
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · identity demo</title><style>${css}${styles}</style></head>
<body>
<header><nav aria-label="Main">${nav}${who}</nav></header>
<main class="demo"><section class="card${narrow ? " narrow" : ""}">
${heading ? `<h1>${escapeHtml(title)}</h1>\n` : ""}${body}
</section></main>
${copy ? `<script>${copyScript}</script>` : ""}
</body>
</html>`;
}

/** An HTML response that no cache (and no back button) may keep; it runs only the copy script. */
export function htmlResponse(html, status = 200) {
	return new Response(html, {
		status,
		headers: {
			"content-type": "text/html; charset=utf-8",
			"cache-control": "no-store",
			"content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${copyHash}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
			"x-content-type-options": "nosniff"
		}
	});
}
