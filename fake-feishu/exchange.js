'use strict';
// One request/response pair: every answer goes through here, so that the body is always
// drained first (no EPIPE for the client), x-tt-logid is always set, the app's in-flight
// slot is released the moment the answer is written, and stats/logging see every outcome.
const { pipeline } = require('stream');
const { newLogId, successBody, errorBody } = require('./envelope');
const { describeCode } = require('./errorCodes');

class Exchange {
	/**
	 * @param {object} hooks { onAnswer(exchange, httpStatus|null, code|null), sleep(ms) -> Promise, rateLimitHeaders() }
	 */
	constructor(req, res, endpoint, hooks) {
		this.req = req;
		this.res = res;
		this.endpoint = endpoint;
		this.hooks = hooks;
		this.appId = null;
		this.arrivedAt = Date.now();
		this.logId = newLogId();
		this.delayMs = 0; // set by the 'slow' fault: the answer waits this long
		this.fault = null;
		this.scripted = false;
		this.answered = false;
		this._releases = [];
		// A client that hangs up before we answer still ends the exchange (and frees its slot).
		res.on('close', () => this._finish(null, null));
	}

	/** Run fn once, when this exchange is answered or abandoned. */
	onRelease(fn) {
		this._releases.push(fn);
	}

	/** Read whatever is left of the request body, so answering early never resets the client. */
	drain() {
		const req = this.req;
		if (req.readableEnded || req.destroyed) return Promise.resolve();
		return new Promise((resolve) => {
			req.once('end', resolve);
			req.once('close', resolve);
			req.once('error', resolve);
			req.resume();
		});
	}

	async fail(code, { httpStatus, headers } = {}) {
		await this.drain();
		const extra = code === 99991400 ? { ...this.hooks.rateLimitHeaders(), ...headers } : headers;
		const status = httpStatus || describeCode(code).httpStatus;
		return this.sendJson(status, errorBody(code, this.logId), extra, code);
	}

	ok(data) {
		return this.sendJson(200, successBody(data), undefined, 0);
	}

	sendJson(status, body, headers, code) {
		const payload = Buffer.from(JSON.stringify(body));
		return this._write(
			status,
			{ 'content-type': 'application/json; charset=utf-8', ...headers },
			payload,
			code,
		);
	}

	async sendText(status, contentType, text) {
		await this.drain();
		return this._write(status, { 'content-type': contentType }, Buffer.from(text), null);
	}

	/**
	 * Stream a file (downloads); the stream is created only once we know we will answer.
	 * `cut`: openStream already stops early; the connection is then closed mid-body (a cut
	 * transfer: the client sees fewer bytes than content-length).
	 */
	async sendStream(status, headers, openStream, { cut = false } = {}) {
		if (!(await this._beforeWrite(status, 0))) return;
		this.res.writeHead(status, { ...headers, 'x-tt-logid': this.logId });
		if (!cut) return pipeline(openStream(), this.res, () => {});
		// Each chunk's write callback fires once it is handed to the socket; only after the last one
		// is the socket ended (end(), not destroy(): the bytes sent still arrive), so a cut after N
		// bytes delivers exactly N.
		const source = openStream();
		let flushed = Promise.resolve();
		source.on('data', (chunk) => {
			flushed = new Promise((resolve) => {
				if (!this.res.write(chunk, resolve)) {
					source.pause();
					this.res.once('drain', () => source.resume());
				}
			});
		});
		const close = () =>
			flushed.then(() => {
				if (this.res.socket) this.res.socket.end();
			});
		source.once('end', close);
		source.once('error', close);
	}

	/** The 'drop' fault: cut the connection once part of the body is here, never answer. */
	drop() {
		const req = this.req;
		return new Promise((resolve) => {
			const cut = () => {
				this._finish(null, null);
				req.socket.destroy();
				resolve();
			};
			if (req.readableEnded || req.complete) return cut();
			req.once('data', cut);
			req.once('end', cut);
			req.resume();
		});
	}

	async _write(status, headers, payload, code) {
		if (!(await this._beforeWrite(status, code))) return;
		this.res.writeHead(status, {
			...headers,
			'content-length': payload.length,
			'x-tt-logid': this.logId,
		});
		this.res.end(payload);
	}

	async _beforeWrite(status, code) {
		if (this.delayMs > 0) {
			const ms = this.delayMs;
			this.delayMs = 0;
			await this.hooks.sleep(ms);
		}
		if (this.answered || this.res.destroyed || this.res.headersSent) return false;
		// Release before writing: a sequential client can only send its next request after
		// reading this answer, so it must never see itself as "still in flight".
		this._finish(status, code);
		return true;
	}

	_finish(httpStatus, code) {
		if (this.answered) return;
		this.answered = true;
		for (const release of this._releases.splice(0)) release();
		this.hooks.onAnswer(this, httpStatus, code);
	}
}

module.exports = { Exchange };
