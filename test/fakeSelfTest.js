'use strict';
// What the fake's self-tests (fake-feishu.test.js, fake-feishu-download.test.js) share: one fake
// for a whole test file, a fake of one test's own, and a tenant token of an app.
const { startFakeFeishu, DEFAULT_APP } = require('../fake-feishu');

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/** A tenant token of `app`, asked for over HTTP; the test fails when the fake refuses it. */
async function tenantToken(fake, app = DEFAULT_APP) {
	const res = await fetch(`${fake.baseUrl}${TOKEN_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json; charset=utf-8' },
		body: JSON.stringify({ app_id: app.appId, app_secret: app.appSecret }),
	});
	const json = await res.json();
	expect(json.code).toBe(0);
	return json.tenant_access_token;
}

/**
 * One fake for the whole test file, started with these options before its tests and closed after
 * them, with a tenant token of the default app: the tests read `shared.fake` and `shared.token`.
 */
function sharedFake(options) {
	const shared = { fake: null, token: null };
	beforeAll(async () => {
		shared.fake = await startFakeFeishu(options);
		shared.token = await tenantToken(shared.fake);
	});
	afterAll(async () => {
		if (shared.fake) await shared.fake.close();
	});
	return shared;
}

/** A fake of the test's own, with these options, closed whatever the test comes to. */
async function withOwnFake(options, use) {
	const f = await startFakeFeishu(options);
	try {
		return await use(f);
	} finally {
		await f.close();
	}
}

module.exports = { TOKEN_PATH, tenantToken, sharedFake, withOwnFake };
