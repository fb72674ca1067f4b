import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { OPERATIONS } from './operations';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = OPERATIONS.find((candidate) => candidate.option.value === operation);
	if (!chosen)
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	return [await chosen.execute.call(this)];
}
