import { html, type RawHtml, markup, type ViewMarkup } from "../http/html.js";
import type {
	ChangeEmailViewContext,
	ChangePasswordViewContext,
	ConfirmViewContext,
	RecoverViewContext,
	RegisterViewContext,
	ResetViewContext,
	ViewContextBase
} from "../options/types.js";
import { fieldLabel } from "./fields.js";
import { describedBy, fieldErrors, formAlert, hiddenFields } from "./form-parts.js";

interface Field {
	name: string;
	label: string;
	type: "text" | "email" | "password";
	autocomplete: string;
	value?: string;
	hint?: string;
	autofocus?: boolean;
	maxlength?: number;
}

function input(field: Field, errors: Record<string, string[]>): RawHtml {
	const id = `f-${field.name}`;
	const messages = errors[field.name];
	return html`<div class="field">
<label for="${id}">${field.label}</label>
<input id="${id}" name="${field.name}" type="${field.type}" autocomplete="${field.autocomplete}" required maxlength="${field.maxlength ?? (field.type === "password" ? 1024 : 320)}"${field.type === "password" ? "" : html` value="${field.value ?? ""}" autocapitalize="none" spellcheck="false"`}${describedBy(id, messages)}${field.autofocus ? html` autofocus` : ""}>
${field.hint ? html`<p class="muted" style="margin:.25rem 0 0;font-size:.875rem">${field.hint}</p>` : ""}
${fieldErrors(id, messages)}
</div>`;
}

function form(context: Omit<ViewContextBase, "request">, title: string, intro: string | RawHtml, fields: RawHtml[], button: string, extra: RawHtml | "" = ""): ViewMarkup {
	return markup(title, html`<h1>${title}</h1>
${intro ? html`<p class="muted">${intro}</p>` : ""}
${formAlert(context.errors)}
<form method="post" action="${context.action}" novalidate>
${hiddenFields(context.csrfToken, context.next)}
${fields}
<button type="submit">${button}</button>
</form>
${extra}`);
}

const newPassword = (name: string, label: string, errors: Record<string, string[]>, minLength: number, autofocus = false) =>
	input({ name, label, type: "password", autocomplete: "new-password", hint: `At least ${minLength} characters.`, autofocus }, errors);

/** The default registration page. */
export function renderRegisterPage(c: Omit<RegisterViewContext, "request">): ViewMarkup {
	const identityIsEmail = c.fields.identityField === "email";
	const fields = [
		input({ name: c.fields.identityField, label: fieldLabel(c.fields.identityField), type: identityIsEmail ? "email" : "text", autocomplete: identityIsEmail ? "email" : "username", value: c.fields.identity, autofocus: true }, c.errors)
	];
	if (c.asksEmail) fields.push(input({ name: "email", label: "Email", type: "email", autocomplete: "email", value: c.fields.email }, c.errors));
	fields.push(newPassword("password", "Password", c.errors, c.passwordMinLength));
	return form(c, "Create an account", "", fields, "Create account", html`<ul class="links"><li><a href="${c.loginUrl}">I already have an account</a></li></ul>`);
}

/** The default confirmation page: a button for the link's token, or the email and code form. */
export function renderConfirmPage(c: Omit<ConfirmViewContext, "request">): ViewMarkup {
	if (c.token) {
		return form(c, "Confirm your email address", "Press the button to confirm your address.", [html`<input type="hidden" name="token" value="${c.token}">`], "Confirm my address");
	}
	const resend = html`<form method="post" action="${c.resendAction}"><input type="hidden" name="csrf_token" value="${c.csrfToken}"><input type="hidden" name="email" value="${c.fields.email}"><button type="submit">Send the mail again</button></form>`;
	return form(
		c,
		"Confirm your email address",
		"Enter the code from the mail we sent you.",
		[
			input({ name: "email", label: "Email", type: "email", autocomplete: "email", value: c.fields.email }, c.errors),
			input({ name: "code", label: "Code", type: "text", autocomplete: "one-time-code", maxlength: 8, autofocus: true }, c.errors)
		],
		"Confirm",
		c.fields.email ? resend : ""
	);
}

/** The default "forgot password" page. */
export function renderRecoverPage(c: Omit<RecoverViewContext, "request">): ViewMarkup {
	return form(
		c,
		"Forgot your password?",
		"Enter your email address and we'll send you a link to choose a new password.",
		[input({ name: "email", label: "Email", type: "email", autocomplete: "email", value: c.fields.email, autofocus: true }, c.errors)],
		"Send the link"
	);
}

/** The default new-password page of a reset: with the link's token, or with the email and code. */
export function renderResetPage(c: Omit<ResetViewContext, "request">): ViewMarkup {
	const fields = c.token
		? [html`<input type="hidden" name="token" value="${c.token}">`]
		: [
				input({ name: "email", label: "Email", type: "email", autocomplete: "email", value: c.fields.email }, c.errors),
				input({ name: "code", label: "Code", type: "text", autocomplete: "one-time-code", maxlength: 8 }, c.errors)
			];
	fields.push(newPassword("password", "New password", c.errors, c.passwordMinLength, Boolean(c.token)));
	return form(c, "Choose a new password", "Every session of your account will be signed out.", fields, "Set the new password");
}

/** The default change-password page. */
export function renderChangePasswordPage(c: Omit<ChangePasswordViewContext, "request">): ViewMarkup {
	return form(
		c,
		"Change your password",
		html`Signed in as <strong>${c.identity}</strong>. Your other sessions will be signed out.`,
		[
			input({ name: "password", label: "Current password", type: "password", autocomplete: "current-password", autofocus: true }, c.errors),
			newPassword("newPassword", "New password", c.errors, c.passwordMinLength)
		],
		"Change password"
	);
}

/** The default change-email page, or (with a token) the button that confirms the new address. */
export function renderChangeEmailPage(c: Omit<ChangeEmailViewContext, "request">): ViewMarkup {
	if (c.token) {
		return form(c, "Confirm your new email address", "Press the button to make this your account's address.", [html`<input type="hidden" name="token" value="${c.token}">`], "Confirm my new address");
	}
	return form(
		c,
		"Change your email address",
		c.currentEmail ? html`Your address is <strong>${c.currentEmail}</strong>. We'll send a link to the new one.` : "We'll send a link to the new address.",
		[input({ name: "email", label: "New email", type: "email", autocomplete: "email", value: c.fields.email, autofocus: true }, c.errors)],
		"Send the link"
	);
}
