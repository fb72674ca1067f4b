import type { INodeProperties } from 'n8n-workflow';

import { TMP_URL_LIFETIME_HOURS } from '../../protocol/mediaRead';
import { fileTokenField, notice, optionsCollection } from '../commonOptions';
import { readOptionFields } from '../readOptions';

export const getTemporaryUrlsDescription: INodeProperties[] = [
	notice(
		'temporaryUrlsNotice',
		`Feishu's temporary download links work without a token and expire ${TMP_URL_LIFETIME_HOURS} hours after they are made. Items are sent 5 tokens per request.`,
	),
	fileTokenField(
		`The file_token to get a temporary download link for; the link is valid for ${TMP_URL_LIFETIME_HOURS} hours`,
	),
	optionsCollection(
		readOptionFields(
			'Milliseconds one request may take, answer included, before it is abandoned and retried',
		),
	),
];
