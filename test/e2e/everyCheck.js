'use strict';

// Every e2e check for one n8n major; each n8n-<major>.e2e.test.js runs them on its version.

function describeEveryCheck(major) {
	// The examples in n8n as a community package, errors, proxies, stopping. See suite.js.
	require('./suite').describeExamples(major);
	// Download and Get Temporary Download URLs (issue 11). See download.e2e.js.
	require('./download.e2e').describeDownloads(major);
	// Feishu Media as a user: OAuth2 connected through n8n's REST API (issue 12). See oauth.e2e.js.
	require('./oauth.e2e').describeOAuth(major);
	// Import as Document and Get Import Result (issue 10). See importAsDocument.e2e.js.
	require('./importAsDocument.e2e').describeImports(major);
	// Insert into Document and Attach to Base Record (issue 10). See docsAndBases.e2e.js.
	require('./docsAndBases.e2e').describeDocsAndBases(major);
}

module.exports = { describeEveryCheck };
