import { html, markup, raw, type ViewMarkup } from "../http/html.js";
import type { VerifyViewContext } from "../options/types.js";
import { describedBy, fieldErrors, formAlert, hiddenFields } from "./form-parts.js";

/** The default re-authentication page: the signed-in user confirms the password to continue. */
export function renderVerifyPage(context: Omit<VerifyViewContext, "request">): ViewMarkup {
	const { errors } = context;
	return markup("Confirm your password", html`<h1>Confirm your password</h1>
<p class="muted">Signed in as <strong>${context.identity}</strong>. Enter your password again to continue.</p>
${formAlert(errors)}
<form method="post" action="${context.action}" novalidate>
${hiddenFields(context.csrfToken, context.next)}
<input type="hidden" name="${context.identityField}" value="${context.identity}" autocomplete="username">
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024" autofocus${describedBy("password", errors.password)}>
${fieldErrors("password", errors.password)}
</div>
<button type="submit">Continue</button>
</form>
${raw(context.passkeyScript)}`);
}
