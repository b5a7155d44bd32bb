import { identity } from "../lib/identity";

// Public (withIdentity loads the user if there is one): who is signed in, as JSON.
export const GET = identity.withIdentity(async (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ page: "home", username: user.isAuthenticated ? user[identity.store.identityField] : null });
});
