import { globalOptions } from "./args.js";
import type { Command } from "./command.js";
import { formatTable } from "./output.js";
import { suggestCommand } from "./suggest.js";

/** The strict word prefixes of a command name: `users passkeys list` -> `users`, `users passkeys`. */
function prefixes(name: string): string[] {
	const words = name.split(" ");
	return words.slice(1).map((_, i) => words.slice(0, i + 1).join(" "));
}

/** The command groups: each prefix names a group, and the word after it is still a command word. */
export function commandGroups(commands: readonly Command[]): Set<string> {
	return new Set(commands.flatMap((c) => prefixes(c.spec.name)));
}

/** The overview: every command (or a group's), the global options, the exit codes. */
export function formatGeneralHelp(commands: readonly Command[], group: string | undefined): string {
	const listed = commands.filter((c) => group === undefined || c.spec.name.startsWith(`${group} `));
	const rows = listed.map((c) => [`identity ${c.spec.name}`, c.spec.summary.split(". ")[0]?.replace(/\.$/, "") ?? ""]);
	const globals = Object.entries(globalOptions).map(([name, o]) => [`--${name}`, o.description]);
	const indent = (table: string) => table.split("\n").slice(1).map((l) => `  ${l}`).join("\n");
	return [
		"identity: manage the users and roles of an @identity store.",
		"",
		"Commands:",
		indent(formatTable(["", ""], rows)),
		"",
		"Options for every command:",
		indent(formatTable(["", ""], globals)),
		"",
		"Run identity <command> --help for a command's options, identity --version for the version.",
		"Exit codes: 0 ok, 1 failed, 2 usage error.",
		""
	].join("\n");
}

/**
 * One line for a command that does not exist: what was typed, the closest known command when one
 * is close, and where the list is.
 * @param typed The bare words of the command line (options and their values left out).
 * @param words The words taken as the command.
 */
export function unknownCommandMessage(commands: readonly Command[], typed: readonly string[], words: readonly string[]): string {
	const groups = commandGroups(commands);
	const suggestion = suggestCommand(typed, [...commands.map((c) => c.spec.name), ...groups]);
	const shown = typed.slice(0, Math.max(words.length, suggestion?.split(" ").length ?? 0)).join(" ");
	const group = words.map((_, i) => words.slice(0, i + 1).join(" ")).filter((prefix) => groups.has(prefix)).pop();
	const help = group ? `identity ${group} --help` : "identity --help";
	if (suggestion) return `Unknown command "${shown}": did you mean "identity ${suggestion}"? (see: ${help})`;
	return `Unknown command "${shown}" (see: ${help})`;
}
