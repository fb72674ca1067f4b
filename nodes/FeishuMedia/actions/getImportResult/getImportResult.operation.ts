import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { IMPORT_FAILURES } from '../importAsDocument/importErrors';
import { awaitImport } from '../importAsDocument/importJob';
import { readWaitOptions } from '../importAsDocument/importRequest';
import { eachItem } from '../perItem';

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
	return await eachItem(
		this,
		async (itemIndex, scope) => {
			const ticket = readTicket(this, itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const { maxWaitMs, budget } = readWaitOptions(options);
			const fileName = String(options.fileName ?? '').trim() || null;
			return { json: await awaitImport(scope, budget, ticket, maxWaitMs, fileName) };
		},
		IMPORT_FAILURES,
	);
}
