import { html, markup, raw, type RawHtml, type ViewMarkup } from "../http/html.js";
import type { PasskeysViewContext, TwoFactorSetupViewContext, TwoFactorViewContext } from "../options/types.js";
import { describedBy, fieldErrors, formAlert, hiddenFields } from "./form-parts.js";

function codeInput(name: string, label: string, errors: Record<string, string[]>, autocomplete: string, autofocus: boolean, maxlength = 6): RawHtml {
	const id = `f-${name}`;
	return html`<div class="field">
<label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="text" inputmode="${maxlength === 6 ? "numeric" : "text"}" autocomplete="${autocomplete}" maxlength="${maxlength}" required${autofocus ? html` autofocus` : ""}${describedBy(id, errors[name])}>
${fieldErrors(id, errors[name])}
</div>`;
}

/** The code step of a login with two-factor on (the authenticator code, or a recovery code). */
export function renderTwoFactorPage(c: Omit<TwoFactorViewContext, "request">): ViewMarkup {
	return markup("Two-factor sign-in", html`<h1>Two-factor sign-in</h1>
<p class="muted">Enter the 6-digit code from your authenticator app.</p>
${formAlert(c.errors)}
<form method="post" action="${c.action}" novalidate>
${hiddenFields(c.csrfToken, c.next)}
${codeInput("code", "Code", c.errors, "one-time-code", true)}
<button type="submit">Sign in</button>
</form>
<details style="margin-top:1rem"><summary>Use a recovery code instead</summary>
<form method="post" action="${c.recoveryAction}" novalidate style="margin-top:.75rem">
${hiddenFields(c.csrfToken, c.next)}
${codeInput("recoveryCode", "Recovery code", c.errors, "off", false, 20)}
<button type="submit" class="secondary">Sign in with a recovery code</button>
</form></details>`);
}

/** Two-factor settings: set up (secret, QR code, first code), the recovery codes once, disable and regenerate. */
export function renderTwoFactorSetupPage(c: Omit<TwoFactorSetupViewContext, "request">): ViewMarkup {
	const password = (form: string) => html`<div class="field"><label for="${form}-password">Password</label><input id="${form}-password" name="password" type="password" autocomplete="current-password" required></div>`;
	const codes = c.recoveryCodes.length
		? html`<div class="alert" role="status" style="background:transparent"><p><strong>Your recovery codes.</strong> Each works once, if you lose your authenticator. Save them now: they are not shown again.</p></div>
<ol class="codes">${c.recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}</ol>`
		: "";
	let body: RawHtml;
	if (c.stage === "start") {
		body = html`<p>Two-factor sign-in is <strong>off</strong>. With it on, signing in also needs a code from an authenticator app.</p>
<form method="post" action="${c.actions.setup}">${hiddenFields(c.csrfToken, c.next)}<button type="submit">Set up two-factor sign-in</button></form>`;
	} else if (c.stage === "scan") {
		body = html`<p>Scan this code with your authenticator app, or enter the key by hand, then enter the 6-digit code it shows.</p>
${raw(c.qrSvg.replace("<svg ", '<svg class="qr" '))}
<p class="muted">Key: <code>${c.secret}</code></p>
<form method="post" action="${c.actions.enable}" novalidate>
${hiddenFields(c.csrfToken, c.next)}
<input type="hidden" name="setupToken" value="${c.setupToken}">
${codeInput("code", "Code", c.errors, "one-time-code", true)}
<button type="submit">Turn on</button>
</form>`;
	} else {
		body = html`<p>Two-factor sign-in is <strong>on</strong>. Recovery codes left: <strong>${c.recoveryCodesLeft}</strong>.</p>
${codes}
<form method="post" action="${c.actions.regenerate}">${hiddenFields(c.csrfToken, c.next)}${password("regenerate")}<button type="submit" class="secondary">New recovery codes</button></form>
<form method="post" action="${c.actions.disable}">${hiddenFields(c.csrfToken, c.next)}${password("disable")}<button type="submit" class="secondary">Turn off two-factor sign-in</button></form>`;
	}
	return markup("Two-factor sign-in", html`<h1>Two-factor sign-in</h1>
${formAlert(c.errors)}
${body}`);
}

/** The user's passkeys: list, delete, add (the script runs the browser's ceremony). */
export function renderPasskeysPage(c: Omit<PasskeysViewContext, "request">): ViewMarkup {
	const rows = c.passkeys.length
		? html`<ul class="passkeys" style="padding-left:1.25rem">${c.passkeys.map(
				(p) => html`<li><strong>${p.name || "Passkey"}</strong> <span class="muted">added ${p.createdAt.toISOString().slice(0, 10)}${p.lastUsedAt ? html`, last used ${p.lastUsedAt.toISOString().slice(0, 10)}` : ""}</span>
<form method="post" action="${c.actions.delete}" style="display:inline">${hiddenFields(c.csrfToken, c.next)}<input type="hidden" name="id" value="${p.id}"><button type="submit" class="secondary" style="width:auto;margin:0 0 0 .5rem;padding:.2rem .6rem">Delete</button></form></li>`
			)}</ul>`
		: html`<p class="muted">No passkeys yet.</p>`;
	return markup("Passkeys", html`<h1>Passkeys</h1>
<p>A passkey signs you in with your device's screen lock or security key instead of a password.</p>
${formAlert(c.errors)}
${rows}
${raw(c.script)}`);
}
