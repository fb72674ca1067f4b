import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { bufferSource, type FileSource } from '../../upload/fileSource';

/** Read the binary store in 1 MiB chunks: few chunks per 4 MiB block, memory still bounded. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

export interface ItemFile {
	source: FileSource;
	/** The binary's own file name, the default for Feishu's file_name. */
	fileName?: string;
}

/**
 * Finds the item's file. Binaries in n8n's store (filesystem, database, s3: `id` set) are
 * streamed so a 1 GB file never sits in memory; inline (base64) ones are already a Buffer.
 */
export async function readItemFile(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<ItemFile> {
	const item = context.getInputData()[itemIndex];
	const binaries = item.binary ?? {};
	const binary = binaries[propertyName];
	if (!binary) {
		const available = Object.keys(binaries);
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex + 1}: no binary field "${propertyName}" (Input Binary Field)`,
			{
				itemIndex,
				description: available.length
					? `This item's binary fields are: ${available.map((name) => `"${name}"`).join(', ')}. Set Input Binary Field to one of them.`
					: 'This item carries no file. Put a node that outputs a file (Read Files from Disk, HTTP Request with a File response, an email trigger with attachments …) before Feishu Media.',
			},
		);
	}
	let source: FileSource;
	if (binary.id) {
		const binaryId = binary.id;
		const { fileSize } = await context.helpers.getBinaryMetadata(binaryId);
		source = {
			size: fileSize,
			openStream: async () => await context.helpers.getBinaryStream(binaryId, STREAM_CHUNK_BYTES),
		};
	} else {
		source = bufferSource(await context.helpers.getBinaryDataBuffer(itemIndex, propertyName));
	}
	if (source.size === 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex + 1}: the file in binary field "${propertyName}" is empty (0 bytes)`,
			{
				itemIndex,
				description: 'Feishu does not accept empty files. Check the node that produced the file.',
			},
		);
	}
	return { source, fileName: binary.fileName };
}
