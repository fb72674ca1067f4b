import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as upload from './actions/upload/upload.operation';

export class FeishuMedia implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu Media',
		name: 'feishuMedia',
		icon: { light: 'file:feishu.svg', dark: 'file:feishu.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"upload to " + $parameter["parentType"]}}',
		description: 'Upload files into Feishu / Lark documents, sheets and Bases and get their file_token',
		defaults: { name: 'Feishu Media' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'feishuMediaApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'upload',
				options: [
					{
						name: 'Upload',
						value: 'upload',
						description: 'Upload a file into a Feishu document and output its file_token',
						action: 'Upload a file',
					},
				],
			},
			...upload.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
