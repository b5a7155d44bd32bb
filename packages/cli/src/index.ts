export { runCli } from "./main.js";
export type { CliIo } from "./internal/io.js";
export { importFlaskUsers } from "./import/import-flask-users.js";
export type { FlaskImportOptions, FlaskImportReport, FlaskImportSkip, FlaskImportSkipReason } from "./import/import-flask-users.js";
export type { FlaskTables } from "./import/flask-source.js";
export { readHashScheme } from "./import/hash-scheme.js";
export type { ImportableScheme } from "./import/hash-scheme.js";
