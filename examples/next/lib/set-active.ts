import { identity } from "./identity";

/** Activates or deactivates the user named by the JSON body's `username`. */
export async function setActive(request: Request, active: boolean): Promise<Response> {
	const body = (await request.json().catch(() => null)) as { username?: unknown } | null;
	if (typeof body?.username !== "string") return Response.json({ error: "invalid_request", fields: ["username"] }, { status: 400 });
	const user = await identity.store.findUser(body.username);
	if (!user) return Response.json({ error: "not_found" }, { status: 404 });
	const changed = active ? await identity.store.activateUser(user) : await identity.store.deactivateUser(user);
	return Response.json({ username: body.username, active, changed });
}
