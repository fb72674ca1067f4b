'use strict';
// file_tokens shaped like Feishu's ("boxcn" + 22 letters/digits), unique among stored files.
const crypto = require('crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function newFileToken(files) {
	let token;
	do {
		token = 'boxcn';
		for (let i = 0; i < 22; i++) token += ALPHABET[crypto.randomInt(ALPHABET.length)];
	} while (files.has(token));
	return token;
}

module.exports = { newFileToken };
