import type { INodeProperties } from 'n8n-workflow';

import { TMP_URL_LIFETIME_HOURS } from '../../protocol/mediaRead';
import { readOptionFields } from '../readOptions';

const showForTemporaryUrls = { operation: ['getTemporaryUrls'] };

export const getTemporaryUrlsDescription: INodeProperties[] = [
	{
		displayName: `Feishu's temporary download links work without a token and expire ${TMP_URL_LIFETIME_HOURS} hours after they are made. Items are sent 5 tokens per request.`,
		name: 'temporaryUrlsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showForTemporaryUrls },
	},
	{
		displayName: 'File Token',
		name: 'fileToken',
		type: 'string',
		// A file_token is no secret (it only works with the app's credential), but n8n's rules mask
		// any parameter named like a token, and the name is part of the node's contract.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. boxcnrHpsg1QDqXAAAyachabcef',
		description: `The file_token to get a temporary download link for; the link is valid for ${TMP_URL_LIFETIME_HOURS} hours`,
		displayOptions: { show: showForTemporaryUrls },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: showForTemporaryUrls },
		options: readOptionFields(
			'Milliseconds one request may take, answer included, before it is abandoned and retried',
		),
	},
];
