import { renderPage, viewStyles, type ViewMarkup } from "../http/html.js";
import { htmlResponse } from "../http/responses.js";
import { passkeyScriptHash } from "./passkey-script.js";
import type { TemplateRender, ViewContexts, ViewName } from "../options/types.js";
import { renderChangeEmailPage, renderChangePasswordPage, renderConfirmPage, renderRecoverPage, renderRegisterPage, renderResetPage } from "./flow-pages.js";
import { renderPasskeysPage, renderTwoFactorPage, renderTwoFactorSetupPage } from "./factor-pages.js";
import { renderLoginPage } from "./login-page.js";
import { renderMessagePage } from "./message-page.js";
import { renderVerifyPage } from "./verify-page.js";

/** Renders the views of the default routes: the registered `templateRender`, else our pages. */
export interface ViewRenderer {
	/** `context` is everything but the request, which the renderer adds as `context.request`. */
	render<V extends ViewName>(request: Request, view: V, context: Omit<ViewContexts[V], "request">): Promise<Response>;
}

/** Pages whose context may carry our passkey script: their CSP allows it by hash. */
const scripted = (view: ViewName, context: unknown): boolean =>
	(view === "passkeys" && Boolean((context as { script?: string }).script)) ||
	((view === "login" || view === "verify") && Boolean((context as { passkeyScript?: string }).passkeyScript));

async function allowScript(response: Response): Promise<Response> {
	const csp = response.headers.get("content-security-policy");
	if (csp) response.headers.set("content-security-policy", csp.replace("default-src 'none';", `default-src 'none'; script-src ${await passkeyScriptHash()}; connect-src 'self';`));
	return response;
}

const defaults: { [V in ViewName]: (context: Omit<ViewContexts[V], "request">) => ViewMarkup } = {
	login: renderLoginPage,
	verify: renderVerifyPage,
	message: renderMessagePage,
	register: renderRegisterPage,
	confirm: renderConfirmPage,
	recover: renderRecoverPage,
	reset: renderResetPage,
	"change-password": renderChangePasswordPage,
	"change-email": renderChangeEmailPage,
	"two-factor": renderTwoFactorPage,
	"two-factor-setup": renderTwoFactorSetupPage,
	passkeys: renderPasskeysPage
};

/**
 * The view renderer. `currentTemplate` is read at each render, since `templateRender(fn)` may be
 * registered after creation. A string is sent as HTML with the context's status; a Response as is.
 */
export function createViewRenderer(currentTemplate: () => TemplateRender | null): ViewRenderer {
	return {
		async render(request, view, partial) {
			const context = { ...partial, request } as ViewContexts[typeof view];
			const template = currentTemplate();
			if (template) {
				const output = await (template as (view: ViewName, context: unknown) => ReturnType<TemplateRender>)(view, context);
				const response = typeof output === "string" ? htmlResponse(output, context.status) : output;
				return typeof output === "string" && scripted(view, context) ? allowScript(response) : response;
			}
			const response = htmlResponse(renderPage(renderIdentityView(view, context)), context.status);
			return scripted(view, context) ? allowScript(response) : response;
		}
	};
}

/**
 * The markup of one of our views without the page around it: `{ title, html, styles }`, so an app
 * can show our forms inside its own layout from `templateRender`. `styles` is the stylesheet the
 * markup's classes use. Everything echoed is escaped.
 *
 * @example
 * identity.templateRender((view, context) => {
 *   const { title, html, styles } = renderIdentityView(view, context);
 *   return myLayout({ title, body: html, css: styles });
 * });
 */
export function renderIdentityView<V extends ViewName>(view: V, context: Omit<ViewContexts[V], "request">): ViewMarkup & { styles: string } {
	// Our pages never read `context.request`, so a context without it renders the same.
	return { ...(defaults[view] as (context: Omit<ViewContexts[V], "request">) => ViewMarkup)(context), styles: viewStyles };
}
