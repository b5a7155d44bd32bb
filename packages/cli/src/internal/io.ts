/** The streams a command talks to; the real process streams in the bin, captured ones in tests. */
export interface CliIo {
	stdout: { write(chunk: string): unknown };
	stderr: { write(chunk: string): unknown };
	stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
	/** Environment variables (`IDENTITY_DATABASE_URL`). */
	env: Readonly<Record<string, string | undefined>>;
}

/** The real process streams. */
export function processIo(): CliIo {
	return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
