'use strict';

// What the queue-mode test runs: a webhook-triggered workflow (Webhook -> Code that turns the
// posted files into binary items -> Feishu Media upload, answered with the upload node's items),
// and the batches of files posted to it, generated from a seed so every byte can be checked.

const crypto = require('crypto');
const { CREDENTIAL_REF } = require('../lib/workflows');

const WEBHOOK_PATH = 'feishu-media-queue';
const WORKFLOW_ID = 'feishuMediaQueue';
const PARENT = { parentType: 'docx_file', parentNode: 'doxcnFileBlock0001' };

// Each posted file becomes one item with its bytes in binary field "data", in the posted order.
const FILES_TO_ITEMS = `return $input.first().json.body.files.map((file) => ({
  json: { name: file.name },
  binary: { data: { data: file.base64, mimeType: 'application/octet-stream', fileName: file.name } },
}));`;

function workflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Feishu Media: queue-mode upload batch (webhook)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '7b2e3d4f-0013-4a5b-8c9d-000000000001',
				name: 'Batch arrives',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '7b2e3d4f-0013-4a5b-8c9d-0000000000ff',
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: '7b2e3d4f-0013-4a5b-8c9d-000000000002',
				name: 'Files to items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: FILES_TO_ITEMS },
			},
			{
				id: '7b2e3d4f-0013-4a5b-8c9d-000000000003',
				name: 'Upload to Feishu',
				type: 'n8n-nodes-feishu-media.feishuMedia',
				typeVersion: 1,
				position: [440, 0],
				parameters: { operation: 'upload', binaryPropertyName: 'data', ...PARENT, options: {} },
				credentials: { feishuMediaApi: CREDENTIAL_REF },
			},
		],
		connections: {
			'Batch arrives': { main: [[{ node: 'Files to items', type: 'main', index: 0 }]] },
			'Files to items': { main: [[{ node: 'Upload to Feishu', type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

/** Deterministic bytes: a SHA-256 counter stream seeded by the file's name. */
function bytesFor(name, size) {
	const chunks = [];
	for (let counter = 0, length = 0; length < size; counter++, length += 32) {
		chunks.push(crypto.createHash('sha256').update(`${name}#${counter}`).digest());
	}
	return Buffer.concat(chunks).subarray(0, size);
}

/** `executions` batches of `files` files each, 1 to 16 KiB, named q<batch>-<nnn>.bin. */
function batches(executions, files, tag) {
	return Array.from({ length: executions }, (_, batch) =>
		Array.from({ length: files }, (_, index) => {
			const name = `${tag}${batch + 1}-${String(index + 1).padStart(3, '0')}.bin`;
			const size = 1024 + ((index * 7919 + batch * 104729) % (15 * 1024));
			const content = bytesFor(name, size);
			return {
				name,
				size,
				content,
				sha256: crypto.createHash('sha256').update(content).digest('hex'),
			};
		}),
	);
}

/** Posts one batch to the webhook; resolves the upload node's items as n8n answered them, and the time taken. */
async function postBatch(baseUrl, batch, timeoutMs) {
	const t0 = Date.now();
	const body = JSON.stringify({
		files: batch.map((file) => ({ name: file.name, base64: file.content.toString('base64') })),
	});
	const response = await fetch(`${baseUrl}/webhook/${WEBHOOK_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	if (response.status !== 200)
		throw new Error(`webhook answered HTTP ${response.status}: ${text.slice(0, 500)}`);
	const items = JSON.parse(text);
	if (!Array.isArray(items))
		throw new Error(`webhook answered something other than the items: ${text.slice(0, 500)}`);
	return { items, ms: Date.now() - t0 };
}

module.exports = { WORKFLOW_ID, workflow, batches, postBatch };
