'use strict';

const FEISHU_REQUESTS_PER_SECOND = 5;

/**
 * The request rate achieved against Feishu's 5 per sliding second, from the arrival times at the
 * fake (where the limit is counted). The window lets the first 5 go at once, so even a perfect
 * client needs floor((n − 1) / 5) s from the first arrival to the last: the rate is 5 × that
 * time / the time taken. When n is a multiple of 5 this is exactly (n − 5) / (last − first);
 * unlike that formula it does not charge a partly used last window (27 requests: 88 % at best).
 */
function steadyRate(arrivals) {
	const n = arrivals.length;
	if (n <= FEISHU_REQUESTS_PER_SECOND) return undefined;
	const seconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
	const idealSeconds = Math.floor((n - 1) / FEISHU_REQUESTS_PER_SECOND);
	return seconds > 0 ? (FEISHU_REQUESTS_PER_SECOND * idealSeconds) / seconds : undefined;
}

function median(values) {
	const sorted = values.filter((value) => value !== undefined).sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function max(values) {
	const defined = values.filter((value) => value !== undefined);
	return defined.length ? Math.max(...defined) : undefined;
}

function sum(values) {
	return values.reduce((total, value) => total + (value || 0), 0);
}

module.exports = { FEISHU_REQUESTS_PER_SECOND, steadyRate, median, max, sum };
