/** A command-line usage mistake (unknown option, missing argument): exit code 2. */
export class UsageError extends Error {
	override name = "UsageError";
}

/** An expected failure of a command (unknown user, duplicate, weak password): exit code 1. */
export class CommandError extends Error {
	override name = "CommandError";
	readonly code: string;

	constructor(code: string, message: string) {
		super(message);
		this.code = code;
	}
}

/** Exit codes of the `identity` command. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
