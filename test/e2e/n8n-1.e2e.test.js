'use strict';

// n8n 1.123.x on this machine's Node (20). See suite.js for what is checked.
require('./suite').describeN8n(1);

// Download and Get Temporary Download URLs (issue 11). See download.e2e.js.
require('./download.e2e').describeDownloads(1);
