import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { CancelledError } from '../../transport/waits';
import { openExecutionScope } from '../appSettings';
import { failedImportItem, importNodeError } from '../importAsDocument/importErrors';
import { awaitImport } from '../importAsDocument/importJob';
import { readWaitOptions } from '../importAsDocument/importRequest';

export { getImportResultDescription as description } from './getImportResult.description';

function readTicket(fx: IExecuteFunctions, itemIndex: number): string {
	const ticket = String(fx.getNodeParameter('ticket', itemIndex, '') ?? '').trim();
	if (ticket === '' || /[\s/?#]/.test(ticket)) {
		throw new NodeOperationError(
			fx.getNode(),
			ticket === '' ? 'Ticket is empty' : `Ticket "${ticket.slice(0, 60)}" is not an import ticket`,
			{
				itemIndex,
				description:
					'Set Ticket to the ticket of an import task, e.g. {{ $json.ticket }} from an Import as Document item (digits, such as 7369583175086912356).',
			},
		);
	}
	return ticket;
}

/** Looks up (and waits for) import tasks by ticket: the same output as Import as Document. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	const scope = await openExecutionScope(this).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			if (scope.signal?.aborted) throw new CancelledError();
			const ticket = readTicket(this, itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const { maxWaitMs, budget } = readWaitOptions(options);
			const fileName = String(options.fileName ?? '').trim() || null;
			results.push({
				json: await awaitImport(scope, budget, ticket, maxWaitMs, fileName),
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail() || error instanceof CancelledError)
				throw importNodeError(this.getNode(), error, itemIndex);
			results.push(failedImportItem(this.getNode(), error, itemIndex));
		}
	}
	return results;
}
