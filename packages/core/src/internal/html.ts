const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? "").replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A minimal, self-contained HTML page (no external assets). `body` must already be escaped. */
export function htmlPage(title: string, body: string): string {
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1d2330}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);max-width:26rem}
h1{font-size:1.35rem;margin:0 0 .75rem}a{color:#2457d6}</style></head>
<body><main>${body}</main></body>
</html>`;
}
