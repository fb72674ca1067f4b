import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { bufferSource, type FileSource } from '../../upload/fileSource';

/** Read the binary store in 1 MiB chunks: few chunks per 4 MiB block, memory still bounded. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

/** Feishu's limit on a file_name, in characters. */
const MAX_FILE_NAME_LENGTH = 250;

export interface ItemFile {
	source: FileSource;
	/** The binary's own file name, the default for Feishu's file_name. */
	fileName?: string;
	mimeType?: string;
}

/**
 * Finds the item's file in its Input Binary Field. Binaries in n8n's store (filesystem, database,
 * s3: `id` set) are streamed so a 1 GB file never sits in memory; inline (base64) ones are
 * already a Buffer.
 */
export async function readItemFile(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<ItemFile> {
	const propertyName = String(
		context.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
	).trim();
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
	return { source, fileName: binary.fileName, mimeType: binary.mimeType };
}

/** Why Feishu would refuse `fileName` as a file_name: [what is wrong, what to do]. */
export function fileNameProblem(fileName: string): [string, string] | undefined {
	if (fileName.trim() === '')
		return ['the file name is empty', 'The binary has no file name; set Options > File Name.'];
	const length = [...fileName].length;
	if (length > MAX_FILE_NAME_LENGTH) {
		return [
			`the file name is ${length} characters long; Feishu allows at most ${MAX_FILE_NAME_LENGTH}`,
			'Set a shorter name in Options > File Name.',
		];
	}
	return undefined;
}

/** The item's file under the name it goes to Feishu with: Options > File Name, else its own. */
export async function readNamedItemFile(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<ItemFile & { fileName: string }> {
	const file = await readItemFile(context, itemIndex);
	const fileName = String(options.fileName || file.fileName || '');
	const problem = fileNameProblem(fileName);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1}: ${problem[0]}`, {
			itemIndex,
			description: problem[1],
		});
	}
	return { ...file, fileName };
}
