'use strict';

// The example workflows in examples/ are what users import; the demo and the e2e suite run
// those same files, only pointed at a throwaway folder of generated sample files.

const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./paths');
const { EXAMPLE_FILES_DIR } = require('./sampleFiles');

// The credential every example refers to (users pick their own when importing).
const CREDENTIAL_REF = { id: 'feishuMediaCred1', name: 'Feishu Media API' };

// name -> example file, the sample files it reads (see sampleFiles.js) and its nodes of interest.
const EXAMPLES = {
	image: { file: 'upload-image-to-docx.json', samples: 'image' },
	large: { file: 'upload-large-file-chunked.json', samples: 'large' },
	batch: { file: 'upload-batch.json', samples: 'batch' },
	continueOnFail: { file: 'upload-continue-on-fail.json', samples: 'continueOnFail' },
	importAsDocument: { file: 'import-as-document.json', samples: 'imports' },
	insertIntoDocument: { file: 'insert-images-into-document.json', samples: 'documentImages' },
	attachToRecord: { file: 'attach-files-to-base-record.json', samples: 'baseAttachments' },
	// For real Feishu only (the fake has no docx endpoints): the e2e run imports it, never executes it.
	httpRequest: { file: 'http-request-with-feishu-credential.json', samples: 'image' },
};
const UPLOAD_NODE = 'Upload to Feishu';
const RESULT_NODE = 'Show result';
const IMPORT_NODE = 'Import as Document';

function loadExample(name) {
	const example = EXAMPLES[name];
	if (!example)
		throw new Error(`Unknown example "${name}" (known: ${Object.keys(EXAMPLES).join(', ')})`);
	const text = fs.readFileSync(path.join(repoRoot, 'examples', example.file), 'utf8');
	return JSON.parse(text);
}

/** The example with its sample-file folder swapped for filesDir (every occurrence, expressions included). */
function prepareExample(name, filesDir) {
	const text = JSON.stringify(loadExample(name)).split(EXAMPLE_FILES_DIR).join(filesDir);
	return JSON.parse(text);
}

/** The credential the examples use, filled in for a (fake) Feishu endpoint. */
function credential({ baseUrl, appId, appSecret }) {
	return {
		...CREDENTIAL_REF,
		type: 'feishuMediaApi',
		data: { platform: 'custom', baseUrl, appId, appSecret },
	};
}

module.exports = {
	EXAMPLES,
	UPLOAD_NODE,
	RESULT_NODE,
	IMPORT_NODE,
	loadExample,
	prepareExample,
	credential,
	CREDENTIAL_REF,
};
