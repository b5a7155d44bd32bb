import { identity } from "../../../lib/identity";

// Echoes the body it was sent, so tests see it pass through the adapter whole.
export const POST = identity.loginRequired(async (request: Request) =>
	Response.json({
		username: identity.currentUser(request)[identity.store.identityField],
		contentType: request.headers.get("content-type"),
		body: await request.text()
	})
);
