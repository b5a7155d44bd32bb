"use server";

import { isIdentityError, type UserRecord } from "@identity/core";
import { redirect } from "next/navigation";
import { identity, loginUser, loginWithPassword, logoutUser } from "../lib/identity";

/** Server Action: checks the password through core's login route and sets the session cookie. */
export async function signIn(formData: FormData): Promise<void> {
	const result = await loginWithPassword({
		[identity.store.identityField]: String(formData.get("username") ?? ""),
		password: String(formData.get("password") ?? ""),
		remember: formData.get("remember") === "on"
	});
	if (!result.ok) redirect(`/signin?error=${encodeURIComponent(result.error)}`);
	redirect("/dashboard");
}

/** Server Action: clears the cookies and ends the user's sessions (core's logoutUser). */
export async function signOut(): Promise<void> {
	await logoutUser();
	redirect("/signin?signedOut=1");
}

/** Server Action: creates an account (no roles) and signs it in with core's loginUser. */
export async function signUp(formData: FormData): Promise<void> {
	const username = String(formData.get("username") ?? "").trim();
	const password = String(formData.get("password") ?? "");
	if (!/^[a-z0-9_.-]{3,32}$/i.test(username) || password.length < 12 || password.length > 1024) {
		redirect("/signup?error=invalid");
	}
	let user: UserRecord;
	try {
		user = await identity.store.createUser({ [identity.store.identityField]: username, password: await identity.hashPassword(password) });
	} catch (error) {
		if (isIdentityError(error) && error.code === "ERR_USER_EXISTS") redirect("/signup?error=taken");
		throw error;
	}
	await loginUser(user);
	redirect("/dashboard");
}
