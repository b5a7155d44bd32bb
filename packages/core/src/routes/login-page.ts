import type { LoginViewContext } from "../options.js";
import { escapeHtml as e } from "./http.js";
import { fieldLabel } from "./fields.js";

const styles = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f7;color:#1d2433;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:24rem;margin:2rem 1rem;padding:2rem;background:#fff;border:1px solid #dde1e8;border-radius:.75rem;box-shadow:0 1px 3px rgba(16,24,40,.08)}
h1{margin:0 0 1.25rem;font-size:1.5rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
.field{margin:0 0 1rem}
input[type=text],input[type=email],input[type=password]{width:100%;padding:.6rem .75rem;font:inherit;border:1px solid #b9c0cc;border-radius:.5rem}
input:focus-visible,button:focus-visible{outline:3px solid #4c7dff;outline-offset:2px}
input[aria-invalid=true]{border-color:#b42318}
.check{display:flex;gap:.5rem;align-items:center;margin:0 0 1.25rem}
.check label{font-weight:400;margin:0}
button{width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#2453d6;border:0;border-radius:.5rem;cursor:pointer}
button:hover{background:#1c43b0}
.alert{margin:0 0 1rem;padding:.75rem 1rem;border-radius:.5rem;background:#fef3f2;border:1px solid #fecdca;color:#912018}
.error{margin:.25rem 0 0;color:#b42318;font-size:.875rem}
@media (prefers-color-scheme:dark){body{background:#111418;color:#e6e9ef}main{background:#1a1e24;border-color:#2c323c}input[type=text],input[type=email],input[type=password]{background:#111418;color:inherit;border-color:#3a4250}.alert{background:#3a1212;border-color:#7a2020;color:#ffd7d3}.error{color:#ff9b92}}
`;

function fieldErrors(id: string, messages: readonly string[] | undefined): string {
	if (!messages?.length) return "";
	return messages.map((m, i) => `<p class="error" id="${e(id)}-error-${i}">${e(m)}</p>`).join("");
}

function describedBy(id: string, messages: readonly string[] | undefined): string {
	if (!messages?.length) return "";
	return ` aria-invalid="true" aria-describedby="${messages.map((_, i) => `${e(id)}-error-${i}`).join(" ")}"`;
}

/**
 * The default login page: a self-contained, accessible form (labels, autocomplete hints, errors
 * announced and tied to their inputs), no scripts and no external assets. Everything echoed is
 * escaped; the password is never echoed.
 */
export function renderLoginPage(context: LoginViewContext): string {
	const { fields, errors, csrfToken, action } = context;
	const name = fields.identityField;
	const label = fieldLabel(name);
	const inputType = name === "email" ? "email" : "text";
	const autocomplete = name === "email" ? "email" : "username";
	const general = errors.form?.length
		? `<div class="alert" role="alert">${errors.form.map((m) => `<p style="margin:0">${e(m)}</p>`).join("")}</div>`
		: "";
	const fieldIssues = Object.keys(errors).some((k) => k !== "form")
		? `<div class="alert" role="alert"><p style="margin:0">Please correct the highlighted fields.</p></div>`
		: "";
	const identityErrors = errors[name];
	const passwordErrors = errors.password;
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Sign in</title>
<style>${styles}</style>
</head>
<body>
<main>
<h1>Sign in</h1>
${general}${fieldIssues}
<form method="post" action="${e(action)}" novalidate>
<input type="hidden" name="csrf_token" value="${e(csrfToken)}">
<input type="hidden" name="next" value="${e(context.next)}">
<div class="field">
<label for="identity">${e(label)}</label>
<input id="identity" name="${e(name)}" type="${inputType}" autocomplete="${autocomplete}" autocapitalize="none" spellcheck="false" required maxlength="320" value="${e(fields.identity)}"${describedBy("identity", identityErrors)}${fields.identity ? "" : " autofocus"}>
${fieldErrors("identity", identityErrors)}
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${describedBy("password", passwordErrors)}${fields.identity ? " autofocus" : ""}>
${fieldErrors("password", passwordErrors)}
</div>
<div class="check">
<input id="remember" name="remember" type="checkbox" value="yes"${fields.remember ? " checked" : ""}>
<label for="remember">Remember me</label>
</div>
${fieldErrors("remember", errors.remember)}
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}
