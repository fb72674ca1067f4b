'use strict';

// n8n 1.123.x on this machine's Node (20). See suite.js for what is checked.
require('./suite').describeN8n(1);

// Download and Get Temporary Download URLs (issue 11). See download.e2e.js.
require('./download.e2e').describeDownloads(1);

// Feishu Media as a user: OAuth2 connected through n8n's REST API (issue 12). See oauth.e2e.js.
require('./oauth.e2e').describeOAuth(1);

// Import as Document and Get Import Result (issue 10). See importAsDocument.e2e.js.
require('./importAsDocument.e2e').describeImports(1);

// Insert into Document and Attach to Base Record (issue 10). See docsAndBases.e2e.js.
require('./docsAndBases.e2e').describeDocsAndBases(1);
