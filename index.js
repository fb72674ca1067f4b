// n8n loads the package through the "n8n" section of package.json; this file only gives
// `require('n8n-nodes-feishu-media')` something harmless to return.
module.exports = {};
