import { encodeBase64 } from "@oslojs/encoding";
import { html, raw, type RawHtml } from "../http/html.js";

/**
 * The one script our pages run: the browser side of the WebAuthn ceremonies, driven by the data
 * attributes of `#identity-passkey` (mode `login` with conditional UI and a button, `verify`, or
 * `register`). It sends JSON with the page's CSRF token and follows `data-next` on success. Our
 * Content-Security-Policy allows exactly this script by its hash; pages without passkeys have none.
 */
const source = `(() => {
const el = document.getElementById("identity-passkey");
if (!el || !window.PublicKeyCredential || !navigator.credentials) return;
el.hidden = false;
const status = el.querySelector("[data-status]");
const say = (text) => { if (status) status.textContent = text; };
const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const post = async (url, body) => {
	const response = await fetch(url, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": el.dataset.csrf }, body: JSON.stringify(body) });
	return { ok: response.ok, body: await response.json().catch(() => ({})) };
};
const json = (credential) => {
	const r = credential.response;
	const response = r.attestationObject
		? { clientDataJSON: b64(r.clientDataJSON), attestationObject: b64(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] }
		: { clientDataJSON: b64(r.clientDataJSON), authenticatorData: b64(r.authenticatorData), signature: b64(r.signature), userHandle: r.userHandle ? b64(r.userHandle) : null };
	return { id: credential.id, rawId: b64(credential.rawId), type: credential.type, authenticatorAttachment: credential.authenticatorAttachment || null, clientExtensionResults: credential.getClientExtensionResults(), response };
};
let pending = null;
async function run(mediation) {
	const options = await post(el.dataset.options, {});
	if (!options.ok) return say("Passkeys are not available right now.");
	const publicKey = options.body;
	publicKey.challenge = bytes(publicKey.challenge);
	if (el.dataset.mode === "register") {
		publicKey.user.id = bytes(publicKey.user.id);
		publicKey.excludeCredentials = (publicKey.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) }));
		const credential = await navigator.credentials.create({ publicKey });
		const name = el.querySelector("[name=passkey-name]");
		const done = await post(el.dataset.submit, { ...json(credential), name: name ? name.value : "" });
		if (!done.ok) return say("That passkey could not be added.");
		say("Passkey added.");
		return location.reload();
	}
	publicKey.allowCredentials = [];
	pending = new AbortController();
	const credential = await navigator.credentials.get({ publicKey, mediation, signal: pending.signal });
	const body = el.dataset.mode === "verify" ? { passkey: json(credential), next: el.dataset.next } : json(credential);
	const done = await post(el.dataset.submit, body);
	if (!done.ok) return say(done.body.error === "too_many_attempts" ? "Too many attempts. Try again later." : "That passkey did not work.");
	say("Signed in.");
	location.assign(el.dataset.next || "/");
}
const button = el.querySelector("button");
if (button) button.addEventListener("click", () => { if (pending) pending.abort(); run(undefined).catch(() => say("The passkey ceremony was cancelled.")); });
if (el.dataset.mode === "login" && PublicKeyCredential.isConditionalMediationAvailable) {
	PublicKeyCredential.isConditionalMediationAvailable().then((ok) => ok && run("conditional")).catch(() => {});
}
})();`;

let hash: Promise<string> | undefined;

/** The CSP source that allows the script: `'sha256-…'`. */
export function passkeyScriptHash(): Promise<string> {
	hash ??= crypto.subtle.digest("SHA-256", new TextEncoder().encode(source)).then((digest) => `'sha256-${encodeBase64(new Uint8Array(digest))}'`);
	return hash;
}

/** The passkey block of a page: its container (hidden until the script shows it), a button, and the script. */
export function passkeyBlock(settings: { mode: "login" | "verify" | "register"; options: string; submit: string; csrfToken: string; next: string; label: string }): RawHtml {
	return html`<div id="identity-passkey" hidden data-mode="${settings.mode}" data-options="${settings.options}" data-submit="${settings.submit}" data-csrf="${settings.csrfToken}" data-next="${settings.next}">
${settings.mode === "register" ? html`<div class="field"><label for="passkey-name">Name of the new passkey</label><input id="passkey-name" name="passkey-name" type="text" maxlength="64" placeholder="e.g. Laptop"></div>` : ""}
<button type="button" class="secondary">${settings.label}</button>
<p class="muted" data-status role="status" aria-live="polite"></p>
</div>
<script>${raw(source)}</script>`;
}
