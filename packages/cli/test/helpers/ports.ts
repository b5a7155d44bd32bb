import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 where nothing listens: bound once by the OS, then released. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (typeof address !== "object" || address === null) throw new Error("no port");
	return address.port;
}
