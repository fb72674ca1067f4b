'use strict';
// Bytes on disk: uploads land in tmp/ first and are renamed into files/ (or blocks/) only
// when the request succeeds, so a refused or cut request leaves nothing behind.
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { once } = require('events');

class Storage {
	/** @param {string} [dir] a directory to use (kept on close); default a fresh temp dir (removed on close). */
	static async open(dir) {
		const owned = !dir;
		const root = owned
			? await fsp.mkdtemp(path.join(os.tmpdir(), 'fake-feishu-'))
			: path.resolve(dir);
		const storage = new Storage(root, owned);
		for (const sub of [storage.filesDir, storage.blocksDir, storage.tmpDir])
			await fsp.mkdir(sub, { recursive: true });
		return storage;
	}

	constructor(root, owned) {
		this.root = root;
		this.owned = owned;
		this.filesDir = path.join(root, 'files');
		this.blocksDir = path.join(root, 'blocks');
		this.tmpDir = path.join(root, 'tmp');
	}

	tmpPath() {
		return path.join(this.tmpDir, `${Date.now()}-${crypto.randomBytes(6).toString('hex')}.part`);
	}

	async discard(filePath) {
		await fsp.rm(filePath, { force: true });
	}

	/** Move an accepted upload into place; -> its final path. */
	async keepFile(tmpPath, fileToken) {
		const dest = path.join(this.filesDir, fileToken);
		await fsp.rename(tmpPath, dest);
		return dest;
	}

	blockDir(uploadId) {
		return path.join(this.blocksDir, uploadId);
	}

	/** Store (or replace: re-sending a seq is safe) one block. */
	async keepBlock(tmpPath, uploadId, seq) {
		const dir = this.blockDir(uploadId);
		await fsp.mkdir(dir, { recursive: true });
		await fsp.rename(tmpPath, path.join(dir, String(seq)));
	}

	async dropBlocks(uploadId) {
		await fsp.rm(this.blockDir(uploadId), { recursive: true, force: true });
	}

	/** Concatenate blocks 0..blockNum-1 into files/<fileToken>, streamed; -> { path, size, sha256 }. */
	async assemble(uploadId, blockNum, fileToken) {
		const tmp = this.tmpPath();
		const out = fs.createWriteStream(tmp);
		const sha256 = crypto.createHash('sha256');
		let size = 0;
		try {
			for (let seq = 0; seq < blockNum; seq++) {
				for await (const chunk of fs.createReadStream(
					path.join(this.blockDir(uploadId), String(seq)),
				)) {
					sha256.update(chunk);
					size += chunk.length;
					if (!out.write(chunk)) await once(out, 'drain');
				}
			}
			out.end();
			await once(out, 'finish');
		} catch (err) {
			out.destroy();
			await this.discard(tmp);
			throw err;
		}
		return { path: await this.keepFile(tmp, fileToken), size, sha256: sha256.digest('hex') };
	}

	/** Synchronous so that reset() is done when it returns. */
	removeAllSync(filePaths) {
		for (const filePath of filePaths) fs.rmSync(filePath, { force: true });
		fs.rmSync(this.blocksDir, { recursive: true, force: true });
		fs.mkdirSync(this.blocksDir, { recursive: true });
	}

	async destroy() {
		if (this.owned) await fsp.rm(this.root, { recursive: true, force: true });
	}
}

module.exports = { Storage };
