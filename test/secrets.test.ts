import { newApp, PARENT_NODES, testBytes } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type RunOptions } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

/** No app secret or tenant token may appear in outputs, errors or logs, whatever fails. */
const fake = fakeForFile();

const items = [1, 2, 3].map((seed) => ({
	binary: { data: { content: testBytes(400, seed), fileName: `s${seed}.png` } },
}));
const docx = { parentType: 'docx_image', parentNode: PARENT_NODES.docx_image[0] };

async function everythingSaid(options: RunOptions): Promise<string> {
	try {
		const { output, logs } = await runFeishuMedia(options);
		return JSON.stringify(output) + logs.join('\n');
	} catch (error) {
		const thrown = error as Error & { description?: string };
		return [thrown.message, thrown.description, thrown.stack, JSON.stringify(thrown)].join('\n');
	}
}

test('secrets and tokens never leak, in success or in failure', async () => {
	const app = newApp(fake);
	const said: string[] = [];
	said.push(await everythingSaid({ credentials: app, items, parameters: docx }));
	fake.revokeAllTokens();
	said.push(await everythingSaid({ credentials: app, items, parameters: docx }));
	fake.script({ endpoint: 'upload_all', code: 1061004, times: 1 });
	said.push(await everythingSaid({ credentials: app, items, parameters: docx }));
	fake.script({ endpoint: 'upload_all', code: 99991663, times: 2 });
	said.push(
		await everythingSaid({ credentials: app, items, parameters: docx, continueOnFail: true }),
	);
	fake.setFaults({ rate: 0.5, seed: 7 });
	said.push(
		await everythingSaid({
			credentials: app,
			items,
			parameters: { ...docx, options: { maxRetries: 1 } },
			continueOnFail: true,
		}),
	);
	fake.setFaults({ rate: 0 });
	said.push(
		await everythingSaid({
			credentials: { ...app, appSecret: `${app.appSecret}-wrong` },
			items,
			parameters: docx,
		}),
	);
	said.push(
		await everythingSaid({
			credentials: { ...app, appSecret: `${app.appSecret}-wrong` },
			items,
			parameters: docx,
			continueOnFail: true,
		}),
	);

	const tokens = fake.stats().tokensIssued;
	expect(tokens.length).toBeGreaterThanOrEqual(2);
	const text = said.join('\n');
	expect(text).toContain('Feishu code 1061004');
	expect(text).toContain('Feishu code 10014');
	for (const secret of [app.appSecret, ...tokens]) expect(text).not.toContain(secret);
});
