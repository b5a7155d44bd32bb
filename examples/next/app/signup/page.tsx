import { signUp } from "../actions";

const messages: Record<string, string> = {
	invalid: "Choose a username of 3 to 32 letters or digits and a password of at least 12 characters.",
	taken: "That username is taken."
};

/** Account creation: a Server Action creates the user, then signs it in with `loginUser`. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
	const { error } = await searchParams;
	return (
		<main>
			<h1>Create an account</h1>
			{error ? <p id="error">{messages[error] ?? "Sign-up failed."}</p> : null}
			<form action={signUp}>
				<label>
					Username
					<input name="username" autoComplete="username" required />
				</label>
				<label>
					Password (12+ characters)
					<input name="password" type="password" autoComplete="new-password" required minLength={12} />
				</label>
				<button id="sign-up" type="submit">
					Create account
				</button>
			</form>
		</main>
	);
}
