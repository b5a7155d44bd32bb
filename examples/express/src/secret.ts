/**
 * The signing secret: `IDENTITY_SECRET` when set. Without it, in development, a random secret made
 * for this run, with a note saying so (never the secret itself): sign-ins then end when the server
 * stops. With `NODE_ENV=production` a missing secret is an error.
 */
export function exampleSecret(env: Record<string, string | undefined>): string {
	if (env.IDENTITY_SECRET) return env.IDENTITY_SECRET;
	if (env.NODE_ENV === "production") {
		throw new Error("IDENTITY_SECRET is not set: give it 32+ random bytes (openssl rand -base64 48) before starting in production");
	}
	console.warn(
		"IDENTITY_SECRET is not set: signing with a random secret made for this run (development only; " +
			"sign-ins end when the server stops). To keep them, set IDENTITY_SECRET (openssl rand -base64 48)."
	);
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
