import { isIdentityError } from "@identity/core";
import { usersCheckPassword } from "./commands/check-password.js";
import { importFlask } from "./commands/import-flask.js";
import { usersActivate, usersDeactivate, usersResetAccess, usersSetPassword } from "./commands/access.js";
import { usersConfirm, usersSetEmail } from "./commands/account.js";
import { usersPasskeysDelete, usersPasskeysList, usersTwoFactorDisable } from "./commands/factors.js";
import { init } from "./commands/init.js";
import { migrate } from "./commands/migrate.js";
import { rolesAdd, rolesCreate, rolesList, rolesRemove } from "./commands/roles.js";
import { secret } from "./commands/secret.js";
import { usersCreate, usersDelete, usersList, usersShow } from "./commands/users.js";
import { formatCommandHelp, parseCommandArgs, valueOptionNames } from "./internal/args.js";
import type { Command } from "./internal/command.js";
import { createCommandContext, readStoreSettings } from "./internal/context.js";
import { CommandError, UsageError, exitCodes } from "./internal/errors.js";
import { commandGroups, formatGeneralHelp, unknownCommandMessage } from "./internal/help.js";
import { type CliIo, processIo } from "./internal/io.js";
import { cliVersion } from "./internal/version.js";

const commands: readonly Command[] = [
	init,
	secret,
	usersCreate,
	usersList,
	usersShow,
	usersDelete,
	usersActivate,
	usersDeactivate,
	usersResetAccess,
	usersSetPassword,
	usersCheckPassword,
	usersSetEmail,
	usersConfirm,
	usersTwoFactorDisable,
	usersPasskeysList,
	usersPasskeysDelete,
	rolesCreate,
	rolesList,
	rolesAdd,
	rolesRemove,
	migrate,
	importFlask
];
const groups = commandGroups(commands);
const valueOptions = valueOptionNames(commands.map((c) => c.spec));

/**
 * Runs the `identity` command line and resolves to its exit code: 0 done, 1 the operation failed
 * (unknown user, duplicate, weak password, database error), 2 a usage error. Never prints a
 * password hash.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
	const json = argv.includes("--json");
	try {
		const { words, rest } = splitCommandWords(argv);
		const command = commands.find((c) => c.spec.name === words.join(" "));
		if (!command) {
			if (words.length === 0 && (rest.includes("--version") || rest.includes("-v"))) {
				io.stdout.write(json ? `${JSON.stringify({ version: cliVersion })}\n` : `${cliVersion}\n`);
				return exitCodes.ok;
			}
			if (words.length > 0 && !groups.has(words.join(" "))) throw new UsageError(unknownCommandMessage(commands, bareWords(argv), words));
			return printGeneralHelp(io, words, rest);
		}
		const args = parseCommandArgs(command.spec, rest);
		if (args.help) {
			io.stdout.write(formatCommandHelp(command.spec));
			return exitCodes.ok;
		}
		const context = createCommandContext(io, readStoreSettings(args, io.env));
		try {
			const result = await command.run(context, args);
			io.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
			return exitCodes.ok;
		} finally {
			await context.close();
		}
	} catch (error) {
		return printError(io, json, error);
	}
}

/** Separates the command words (`users create`) from the options and arguments. */
function splitCommandWords(argv: readonly string[]): { words: string[]; rest: string[] } {
	const words: string[] = [];
	const rest: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "--") {
			rest.push(...argv.slice(i));
			break;
		}
		const named = words[0] === "help" ? words.slice(1) : words;
		const wanted = words.length === 0 || named.length === 0 || groups.has(named.join(" ")) ? 1 : 0;
		if (arg.startsWith("-") && arg !== "-") {
			rest.push(arg);
			if (valueOptions.has(arg) && i + 1 < argv.length) rest.push(argv[++i] as string);
		} else if (wanted > 0) {
			words.push(arg);
		} else {
			rest.push(arg);
		}
	}
	if (words[0] === "help") return { words: words.slice(1), rest: [...rest, "--help"] };
	return { words, rest };
}

/** Every word of the command line that is neither an option nor an option's value (`help` dropped). */
function bareWords(argv: readonly string[]): string[] {
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "--") break;
		if (arg.startsWith("-") && arg !== "-") {
			if (valueOptions.has(arg)) i++;
		} else {
			words.push(arg);
		}
	}
	return words[0] === "help" ? words.slice(1) : words;
}

/** The overview (or a group's commands): stdout and exit 0 when asked for, stderr and exit 2 otherwise. */
function printGeneralHelp(io: CliIo, words: string[], rest: string[]): number {
	const group = words.length > 0 ? words.join(" ") : undefined;
	const asked = rest.includes("--help") || rest.includes("-h");
	(asked ? io.stdout : io.stderr).write(formatGeneralHelp(commands, group));
	return asked ? exitCodes.ok : exitCodes.usage;
}
function printError(io: CliIo, json: boolean, error: unknown): number {
	const usage = error instanceof UsageError;
	let code = usage ? "ERR_USAGE" : "ERR_INTERNAL";
	let message = error instanceof Error ? error.message : String(error);
	if (error instanceof CommandError || isIdentityError(error)) code = error.code;
	if (isIdentityError(error) && error.code === "ERR_STORE" && error.cause instanceof Error) {
		// The driver's reason (connection refused, missing table) helps an operator; it carries no secrets.
		message = `${message}: ${error.cause.message.split("\n")[0]}`;
	}
	io.stderr.write(json ? `${JSON.stringify({ error: { code, message } })}\n` : `identity: ${message}\n`);
	return usage ? exitCodes.usage : exitCodes.failure;
}
