// The file connector (CONNECTORS.md "file"): reads and writes files in the server's files
// folder, `$STEPWISE_DATA_DIR/files`, and nowhere else (paths.ts).
import { defineConnector } from '../sdk/types.js';
import { appendCsvOperation } from './operations/append-csv.js';
import { deleteFileOperation } from './operations/delete-file.js';
import { listFilesOperation } from './operations/list-files.js';
import { readFileOperation } from './operations/read-file.js';
import { writeFileOperation } from './operations/write-file.js';

export const fileConnector = defineConnector({
  id: 'file',
  title: 'Files',
  description:
    'Read and write CSV, JSON, NDJSON and text files in the Stepwise files folder (upload them under Data files).',
  auth: null,
  operations: [
    readFileOperation,
    writeFileOperation,
    appendCsvOperation,
    listFilesOperation,
    deleteFileOperation,
  ],
});
