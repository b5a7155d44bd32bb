import { html, markup, type ViewMarkup } from "../http/html.js";
import type { MessageViewContext } from "../options/types.js";

/** The default message page: a heading, a message, links, and an optional single-button form. */
export function renderMessagePage(context: Omit<MessageViewContext, "request">): ViewMarkup {
	const links = context.links.length
		? html`<ul class="links">${context.links.map((link) => html`<li><a href="${link.href}">${link.label}</a></li>`)}</ul>`
		: "";
	const form = context.form
		? html`<form method="post" action="${context.form.action}"><input type="hidden" name="csrf_token" value="${context.form.csrfToken}"><button type="submit">${context.form.label}</button></form>`
		: "";
	return markup(context.title, html`<h1>${context.title}</h1>
<p>${context.message}</p>
${context.requestedPath ? html`<p class="muted">You asked for <code>${context.requestedPath}</code>.</p>` : ""}
${links}${form}`);
}
