import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";

/** One option of a command, as `node:util` `parseArgs` takes it, plus help text. */
export interface OptionSpec {
	type: "string" | "boolean";
	multiple?: boolean;
	short?: string;
	/** Shown in help: `--role <name>`. */
	valueName?: string;
	description: string;
}

/** A command: its words, positionals, options and help. */
export interface CommandSpec {
	/** The words that select it: `users create`. */
	name: string;
	summary: string;
	/** Positional argument names, all required, in order. */
	positionals: readonly string[];
	/** Optional positionals after the required ones: `init [dir]`. */
	optionalPositionals?: readonly string[];
	/** False for commands that never open a store (`secret`, `init`): no `--db` and friends. Default true. */
	usesStore?: boolean;
	options: Readonly<Record<string, OptionSpec>>;
	examples?: readonly string[];
}

/** What a parsed command line gives a command. */
export interface ParsedArgs {
	positionals: string[];
	values: Record<string, string | boolean | string[] | undefined>;
	help: boolean;
}

/** Options every command takes. */
export const globalOptions: Readonly<Record<string, OptionSpec>> = {
	db: {
		type: "string",
		valueName: "url",
		description: "SQLite file, postgres://... or mysql://... (default: $IDENTITY_DATABASE_URL, else ./identity.db)"
	},
	"identity-field": {
		type: "string",
		valueName: "name",
		description: "The field users log in with (default: $IDENTITY_IDENTITY_FIELD, else username)"
	},
	"table-prefix": {
		type: "string",
		valueName: "prefix",
		description: "Prefix of the identity tables (default: $IDENTITY_TABLE_PREFIX, else identity_)"
	},
	json: { type: "boolean", description: "Print machine-readable JSON" },
	help: { type: "boolean", short: "h", description: "Show help for this command" }
};

const storeOptionNames = new Set(["db", "identity-field", "table-prefix"]);

/** The global options a command takes: all of them, or without the store ones. */
export function globalOptionsOf(spec: Pick<CommandSpec, "usesStore">): Readonly<Record<string, OptionSpec>> {
	if (spec.usesStore !== false) return globalOptions;
	return Object.fromEntries(Object.entries(globalOptions).filter(([name]) => !storeOptionNames.has(name)));
}

/**
 * Parses `argv` (without the command words) against a command's options and the global ones.
 * @throws UsageError on an unknown option, a missing value or a wrong number of positionals.
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
	const options = { ...globalOptionsOf(spec), ...spec.options };
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({
			args: [...argv],
			options: Object.fromEntries(
				Object.entries(options).map(([name, o]) => [
					name,
					{ type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }
				])
			),
			allowPositionals: true,
			strict: true
		});
	} catch (error) {
		const reason = (error as Error).message.split(/\.\s|\n/)[0];
		throw new UsageError(`${reason} (see: identity ${spec.name} --help)`);
	}
	const values = parsed.values as ParsedArgs["values"];
	const help = values.help === true;
	if (!help) {
		const missing = spec.positionals.slice(parsed.positionals.length);
		if (missing.length > 0) {
			throw new UsageError(`Missing ${missing.map((m) => `<${m}>`).join(" ")} (see: identity ${spec.name} --help)`);
		}
		const extra = parsed.positionals.slice(spec.positionals.length + (spec.optionalPositionals?.length ?? 0));
		if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}" (see: identity ${spec.name} --help)`);
		const names = [...spec.positionals, ...(spec.optionalPositionals ?? [])];
		for (const [index, value] of parsed.positionals.entries()) {
			if (value.trim() === "") throw new UsageError(`<${names[index]}> must not be empty`);
		}
	}
	return { positionals: parsed.positionals, values, help };
}

/** Names of every option that takes a value, so the command words can be found among them. */
export function valueOptionNames(specs: readonly CommandSpec[]): Set<string> {
	const names = new Set<string>();
	for (const spec of [{ options: globalOptions }, ...specs]) {
		for (const [name, o] of Object.entries(spec.options)) {
			if (o.type === "string") {
				names.add(`--${name}`);
				if (o.short) names.add(`-${o.short}`);
			}
		}
	}
	return names;
}

/** The help text of a command. */
export function formatCommandHelp(spec: CommandSpec): string {
	const usage = [
		`identity ${spec.name}`,
		...spec.positionals.map((p) => `<${p}>`),
		...(spec.optionalPositionals ?? []).map((p) => `[${p}]`),
		"[options]"
	].join(" ");
	const lines = [spec.summary, "", `Usage: ${usage}`, "", "Options:"];
	lines.push(...formatOptions({ ...spec.options, ...globalOptionsOf(spec) }));
	if (spec.examples?.length) lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
	return `${lines.join("\n")}\n`;
}

function formatOptions(options: Readonly<Record<string, OptionSpec>>): string[] {
	const rows = Object.entries(options).map(([name, o]) => {
		const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` <${o.valueName ?? "value"}>` : ""}`;
		return [o.multiple ? `${flag}...` : flag, o.description] as const;
	});
	const width = Math.max(...rows.map(([flag]) => flag.length));
	return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}
