import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "identity + Next.js" };

export default function RootLayout({ children }: { children: ReactNode }) {
	return (
		<html lang="en">
			<body>
				<nav>
					<a href="/dashboard">Dashboard</a>
					<a href="/admin">Admin (route handler)</a>
					<a href="/identity/login">Sign in (core form)</a>
					<a href="/signin">Sign in (Server Action)</a>
					<a href="/signup">Create an account</a>
				</nav>
				{children}
			</body>
		</html>
	);
}
