/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? "").replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tagged template that escapes every interpolated value; `raw(...)` marks HTML already built. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
	let out = strings[0]!;
	for (let i = 0; i < values.length; i++) out += toHtml(values[i]) + strings[i + 1]!;
	return new RawHtml(out);
}

/** HTML that is already safe (built by `html` or `raw`). */
export class RawHtml {
	readonly value: string;
	constructor(value: string) {
		this.value = value;
	}
	toString(): string {
		return this.value;
	}
}

/** Marks a string as safe HTML. Only for markup this module's callers built themselves. */
export function raw(value: string): RawHtml {
	return new RawHtml(value);
}

function toHtml(value: unknown): string {
	if (value instanceof RawHtml) return value.value;
	if (Array.isArray(value)) return value.map(toHtml).join("");
	if (value === null || value === undefined || value === false) return "";
	return escapeHtml(value);
}

/** A view's markup without the page around it: its title and the HTML of its content. */
export interface ViewMarkup {
	title: string;
	html: string;
}

/** The markup of a view from its title and its content. */
export function markup(title: string, body: RawHtml): ViewMarkup {
	return { title, html: body.value };
}

/** The stylesheet of our pages: the page itself, and the form classes (`field`, `alert`, `error`, `check`, `links`, `muted`). */
export const viewStyles = `
*{box-sizing:border-box}
:root{color-scheme:light dark;--bg:#f4f5f7;--fg:#1d2433;--muted:#5b6475;--card:#fff;--line:#dde1e8;--accent:#2453d6;--accent-hover:#1c43b0;--danger-bg:#fef3f2;--danger-line:#fecdca;--danger:#912018;--field:#fff;--field-line:#b9c0cc}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e6e9ef;--muted:#9aa3b2;--card:#1a1e24;--line:#2c323c;--accent:#6d8fff;--accent-hover:#8aa5ff;--danger-bg:#3a1212;--danger-line:#7a2020;--danger:#ffd7d3;--field:#111418;--field-line:#3a4250}}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:26rem;margin:2rem 1rem;padding:2rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem;box-shadow:0 1px 3px rgba(16,24,40,.08)}
h1{margin:0 0 1rem;font-size:1.5rem}
p{margin:0 0 1rem}
a{color:var(--accent)}
.muted{color:var(--muted)}
label{display:block;font-weight:600;margin:0 0 .25rem}
.field{margin:0 0 1rem}
input[type=text],input[type=email],input[type=password]{width:100%;padding:.6rem .75rem;font:inherit;color:inherit;background:var(--field);border:1px solid var(--field-line);border-radius:.5rem}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #4c7dff;outline-offset:2px}
input[aria-invalid=true]{border-color:#d92d20}
.check{display:flex;gap:.5rem;align-items:center;margin:0 0 1.25rem}
.check label{font-weight:400;margin:0}
button{width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:.5rem;cursor:pointer}
button:hover{background:var(--accent-hover)}
button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent);margin-top:.75rem}
button.secondary:hover{background:var(--accent);color:#fff}
.codes{columns:2;font:1rem/1.8 ui-monospace,Menlo,Consolas,monospace;margin:0 0 1rem;padding-left:1.25rem}
.qr{display:block;width:min(100%,16rem);height:auto;margin:0 auto 1rem;border-radius:.5rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em;word-break:break-all}
.alert{margin:0 0 1rem;padding:.75rem 1rem;border-radius:.5rem;background:var(--danger-bg);border:1px solid var(--danger-line);color:var(--danger)}
.alert p{margin:0}
.error{margin:.25rem 0 0;color:#d92d20;font-size:.875rem}
.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1rem 0 0;padding:0;list-style:none}
form+form,.links+form{margin-top:1rem}
`;

/**
 * The one page shell of every HTML page the library renders (forms, failures, messages): self-contained,
 * no scripts, no external assets, light and dark. `body` must be built with `html`.
 */
export function renderPage(view: ViewMarkup): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(view.title)}</title>
<style>${viewStyles}</style>
</head>
<body>
<main>
${view.html}
</main>
</body>
</html>`;
}
