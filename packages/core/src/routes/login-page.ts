import { html, markup, raw, type ViewMarkup } from "../http/html.js";
import type { LoginViewContext } from "../options/types.js";
import { fieldLabel } from "./fields.js";
import { describedBy, fieldErrors, formAlert, hiddenFields } from "./form-parts.js";

/**
 * The default login page: an accessible form (labels, autocomplete hints, errors announced and
 * tied to their inputs), no scripts and no external assets. Everything echoed is escaped; the
 * password is never echoed.
 */
export function renderLoginPage(context: Omit<LoginViewContext, "request">): ViewMarkup {
	const { fields, errors } = context;
	const name = fields.identityField;
	const email = name === "email";
	const identityErrors = errors[name];
	return markup("Sign in", html`<h1>Sign in</h1>
${formAlert(errors)}
<form method="post" action="${context.action}" novalidate>
${hiddenFields(context.csrfToken, context.next)}
<div class="field">
<label for="identity">${fieldLabel(name)}</label>
<input id="identity" name="${name}" type="${email ? "email" : "text"}" autocomplete="${email ? "email" : "username"}${context.passkeyScript ? " webauthn" : ""}" autocapitalize="none" spellcheck="false" required maxlength="320" value="${fields.identity}"${describedBy("identity", identityErrors)}${fields.identity ? "" : html` autofocus`}>
${fieldErrors("identity", identityErrors)}
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${describedBy("password", errors.password)}${fields.identity ? html` autofocus` : ""}>
${fieldErrors("password", errors.password)}
</div>
<div class="check">
<input id="remember" name="remember" type="checkbox" value="yes"${fields.remember ? html` checked` : ""}>
<label for="remember">Remember me</label>
</div>
${fieldErrors("remember", errors.remember)}
<button type="submit">Sign in</button>
</form>
${raw(context.passkeyScript)}
${context.links.register || context.links.recover ? html`<ul class="links">${context.links.recover ? html`<li><a href="${context.links.recover}">Forgot password?</a></li>` : ""}${context.links.register ? html`<li><a href="${context.links.register}">Create an account</a></li>` : ""}</ul>` : ""}`);
}
