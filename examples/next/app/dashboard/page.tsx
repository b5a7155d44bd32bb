import { redirect } from "next/navigation";
import { getCurrentUser, identity } from "../../lib/identity";
import { signOut } from "../actions";

/** A protected Server Component: the check is here, not in the proxy. */
export default async function DashboardPage() {
	const user = await getCurrentUser();
	if (!user.isAuthenticated) redirect(identity.urlForIdentity("login", { next: "/dashboard" }));
	return (
		<main>
			<h1>Dashboard</h1>
			<p id="who">Signed in as {String(user[identity.store.identityField])}</p>
			<p id="roles">Roles: {user.roles.length ? user.roles.join(", ") : "none"}</p>
			<form action={signOut}>
				<button id="sign-out" type="submit">
					Sign out
				</button>
			</form>
		</main>
	);
}
