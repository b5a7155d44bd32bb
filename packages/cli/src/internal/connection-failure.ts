import { CommandError } from "./errors.js";

/** A driver error's reason in words, and what to try. */
interface Diagnosis {
	reason: string;
	hint: string;
}

const byCode: Readonly<Record<string, Diagnosis>> = {
	ECONNREFUSED: { reason: "connection refused", hint: "is the server running, on that host and port?" },
	ENOTFOUND: { reason: "host not found", hint: "is the host name right?" },
	EAI_AGAIN: { reason: "host not found", hint: "is the host name right, and DNS reachable?" },
	ETIMEDOUT: { reason: "timed out", hint: "is the server reachable from here (host, port, firewall)?" },
	EHOSTUNREACH: { reason: "host unreachable", hint: "is the server reachable from here (host, port, firewall)?" },
	ECONNRESET: { reason: "connection closed by the server", hint: "is that the database's port, and does it want TLS?" },
	// PostgreSQL SQLSTATEs.
	"28P01": { reason: "authentication failed", hint: "are the user name and password right?" },
	"28000": { reason: "authentication failed", hint: "does that user exist, and may it connect?" },
	"3D000": { reason: "the database does not exist", hint: "was it created, and is the name right?" },
	// MySQL / MariaDB.
	ER_ACCESS_DENIED_ERROR: { reason: "authentication failed", hint: "are the user name and password right?" },
	ER_DBACCESS_DENIED_ERROR: { reason: "access to the database denied", hint: "may that user use this database?" },
	ER_BAD_DB_ERROR: { reason: "the database does not exist", hint: "was it created, and is the name right?" }
};

/** Every code on the error, its `cause` and, for a dual-stack connect, each attempt. */
function codesOf(error: unknown, depth = 0): string[] {
	if (typeof error !== "object" || error === null || depth > 3) return [];
	const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
	return [
		...(typeof code === "string" ? [code] : []),
		...codesOf(cause, depth + 1),
		...(Array.isArray(errors) ? errors.flatMap((e) => codesOf(e, depth + 1)) : [])
	];
}

function diagnose(error: unknown): Diagnosis {
	for (const code of codesOf(error)) if (byCode[code]) return byCode[code];
	const message = error instanceof Error ? error.message : String(error);
	if (/timeout|timed out/i.test(message)) return byCode.ETIMEDOUT as Diagnosis;
	return { reason: message.split("\n")[0]?.trim() || "unknown error", hint: "is the URL right?" };
}

/**
 * The failure to reach a database server as one line that says what failed and what to check:
 * `Could not connect to postgres://app:***@db:5432/app (connection refused): is the server running,
 * on that host and port? Check IDENTITY_DATABASE_URL`. The URL comes redacted; the driver's own
 * text is searched for the password too, so it can never leak.
 * @param redactedUrl The URL without its password.
 * @param secrets Strings never to print (the URL's password, raw and decoded).
 * @param hint What to fix, after where the URL came from: `check IDENTITY_DATABASE_URL`.
 */
export function connectionFailure(error: unknown, redactedUrl: string, secrets: readonly string[], hint: string): CommandError {
	const diagnosis = diagnose(error);
	let reason = diagnosis.reason;
	for (const secret of secrets) if (secret) reason = reason.split(secret).join("***");
	const fix = `${hint.charAt(0).toUpperCase()}${hint.slice(1)}`;
	return new CommandError("ERR_DATABASE_UNREACHABLE", `Could not connect to ${redactedUrl} (${reason}): ${diagnosis.hint} ${fix}`);
}
