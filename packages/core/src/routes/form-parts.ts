import { html, type RawHtml } from "../http/html.js";

/** The error paragraphs of one field, tied to its input by id. */
export function fieldErrors(id: string, messages: readonly string[] | undefined): RawHtml | "" {
	if (!messages?.length) return "";
	return html`${messages.map((message, i) => html`<p class="error" id="${id}-error-${i}">${message}</p>`)}`;
}

/** `aria-invalid` and `aria-describedby` for an input with errors. */
export function describedBy(id: string, messages: readonly string[] | undefined): RawHtml | "" {
	if (!messages?.length) return "";
	return html` aria-invalid="true" aria-describedby="${messages.map((_, i) => `${id}-error-${i}`).join(" ")}"`;
}

/** The alert box above a form: messages about the whole form, or a hint that fields need fixing. */
export function formAlert(errors: Record<string, string[]>): RawHtml | "" {
	if (errors.form?.length) return html`<div class="alert" role="alert">${errors.form.map((m) => html`<p>${m}</p>`)}</div>`;
	if (Object.keys(errors).length > 0) return html`<div class="alert" role="alert"><p>Please correct the highlighted fields.</p></div>`;
	return "";
}

/** The hidden fields every form of ours carries. */
export function hiddenFields(csrfToken: string, next: string): RawHtml {
	return html`<input type="hidden" name="csrf_token" value="${csrfToken}">
<input type="hidden" name="next" value="${next}">`;
}
