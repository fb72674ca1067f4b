'use strict';
// Tokens and ids shaped like Feishu's: a prefix ("boxcn" for a file, "doxcn" for a docx block…)
// and 22 letters/digits, unique among those already taken.
const crypto = require('crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `taken`: anything with has(token), a Map or a Set. */
function newToken(prefix, taken) {
	let token;
	do {
		token = prefix;
		for (let i = 0; i < 22; i++) token += ALPHABET[crypto.randomInt(ALPHABET.length)];
	} while (taken.has(token));
	return token;
}

const newFileToken = (files) => newToken('boxcn', files);

module.exports = { newToken, newFileToken };
