import { signIn } from "../actions";

const messages: Record<string, string> = {
	invalid_credentials: "Wrong username or password.",
	invalid_request: "Enter a username and a password.",
	account_disabled: "This account is disabled.",
	too_many_attempts: "Too many attempts; try again later.",
	already_authenticated: "You are already signed in."
};

/** A sign-in form posting to a Server Action (the alternative to core's /identity/login form). */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
	const { error, signedOut } = await searchParams;
	return (
		<main>
			<h1>Sign in</h1>
			{signedOut ? <p id="notice">You are signed out.</p> : null}
			{error ? <p id="error">{messages[error] ?? "Sign-in failed."}</p> : null}
			<form action={signIn}>
				<label>
					Username
					<input name="username" autoComplete="username" required />
				</label>
				<label>
					Password
					<input name="password" type="password" autoComplete="current-password" required />
				</label>
				<label className="check">
					<input name="remember" type="checkbox" /> Remember me
				</label>
				<button id="sign-in" type="submit">
					Sign in
				</button>
			</form>
			<p className="muted">
				Or use <a href="/identity/login">core&apos;s login form</a>, or <a href="/signup">create an account</a>.
			</p>
		</main>
	);
}
