import { identity } from "../../lib/identity";

// Any signed-in user (session cookie, remember cookie or bearer token).
export const GET = identity.loginRequired(async (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({
		username: user[identity.store.identityField] ?? null,
		roles: user.roles,
		isAuthenticated: user.isAuthenticated,
		loginAddress: user.currentLoginAddress ?? null
	});
});
