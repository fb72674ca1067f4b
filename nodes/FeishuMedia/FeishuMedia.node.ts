import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATIONS, operationProperties } from './actions/operations';
import { router } from './actions/router';

export class FeishuMedia implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu Media',
		name: 'feishuMedia',
		icon: { light: 'file:feishu.svg', dark: 'file:feishu.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] === "upload" ? "upload to " + $parameter["parentType"] : $parameter["operation"]}}',
		description:
			'Upload files into Feishu / Lark documents, sheets and Bases, download them, and get temporary download links',
		defaults: { name: 'Feishu Media' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'feishuMediaApi',
				required: true,
				displayOptions: { show: { authentication: ['tenantToken'] } },
			},
			{
				name: 'feishuMediaOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'tenantToken',
				description:
					"Act as the app (files go where the app may edit) or as a Feishu user who connected the credential (the user's own documents)",
				options: [
					{ name: 'Tenant (App)', value: 'tenantToken' },
					{ name: 'User (OAuth2)', value: 'oAuth2' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'upload',
				options: OPERATIONS.map((operation) => operation.option),
			},
			...operationProperties(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
