import { expect, test } from "vitest";
import { firstRequestToken, requestTokenCandidates } from "./credentials.js";

test("firstRequestToken() is the first of requestTokenCandidates() for every mix of bearer, token header and query parameter", () => {
	const authorizations = [undefined, "Bearer aaa.bbb", "bearer   ccc.ddd  ", "Basic dXNlcjpwdw==", "Bearer", "Bearer two words", ""];
	const headers = [undefined, "hhh.iii", "  jjj.kkk ", "   ", ""];
	const urls = ["http://app.test/", "http://app.test/?auth_token=qqq.rrr", "http://app.test/?other=1", "http://app.test/?auth_token="];
	for (const authorization of authorizations) {
		for (const header of headers) {
			for (const url of urls) {
				for (const param of [null, "auth_token"]) {
					const init: Record<string, string> = {};
					if (authorization !== undefined) init.authorization = authorization;
					if (header !== undefined) init["x-auth-token"] = header;
					const request = new Request(url, { headers: init });
					const label = JSON.stringify({ authorization, header, url, param });
					expect(firstRequestToken(request, "x-auth-token", param), label).toBe(requestTokenCandidates(request, "x-auth-token", param)[0]);
				}
			}
		}
	}
});
