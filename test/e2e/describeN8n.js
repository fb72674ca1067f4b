'use strict';

// Every e2e file's frame: its tests in one describe block per n8n major (skipped when that major
// is not selected, FEISHU_E2E_N8N), around one session (n8n with the packed node, the fake Feishu,
// a scratch folder) opened before the tests and closed after them.

const { openSession } = require('../../scripts/lib/session');
const { readState, selectedMajors, recordMetric } = require('./state');

/**
 * `prepare(session, install)` runs once the session is open and resolves the workflows the tests
 * run; `body(ctx)` declares the tests, which read `ctx.session`, `ctx.install` and `ctx.workflows`
 * and run a prepared workflow with `ctx.execute(name, options)`.
 */
function describeN8n(major, title, prepare, body) {
	const enabled = selectedMajors().includes(major);
	(enabled ? describe : describe.skip)(`n8n ${major}.x: ${title}`, () => {
		const ctx = {
			session: null,
			install: null,
			workflows: null,
			/** Executes the prepared workflow `name` (a key of ctx.workflows); see session.execute. */
			execute(name, options) {
				if (!ctx.workflows[name]) throw new Error(`no prepared workflow "${name}"`);
				return ctx.session.execute(ctx.workflows[name], options);
			},
			/** A run's time and peak memory, for the figures globalTeardown prints. */
			recordRun(workflow, result, note) {
				recordMetric({
					n8n: ctx.install.version,
					workflow,
					executeMs: result.ms,
					peakRssBytes: result.peakRssBytes,
					note,
				});
			},
		};

		beforeAll(async () => {
			const state = readState();
			ctx.install = state.installs[major];
			ctx.session = await openSession({ install: ctx.install, tarball: state.tarball });
			ctx.workflows = await prepare(ctx.session, ctx.install);
		});

		afterAll(async () => {
			if (ctx.session) await ctx.session.close();
		});

		body(ctx);
	});
}

module.exports = { describeN8n };
