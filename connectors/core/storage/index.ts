// The storage connector (HELPERS.md "storage"): remember values between steps, runs and
// workflows. The host keeps them (engine/run/storage.ts: SQLite in the server, memory in the CLI).
import { defineConnector } from '../../sdk/types.js';
import { appendOperation } from './operations/append.js';
import { deleteOperation } from './operations/delete.js';
import { getOperation } from './operations/get.js';
import { incrementOperation } from './operations/increment.js';
import { listKeysOperation } from './operations/list-keys.js';
import { setOperation } from './operations/set.js';

export const storageConnector = defineConnector({
  id: 'storage',
  title: 'Storage',
  description:
    'Remember values between steps, runs and workflows: counters, lists, "already alerted" marks.',
  auth: null,
  operations: [
    getOperation,
    setOperation,
    appendOperation,
    incrementOperation,
    deleteOperation,
    listKeysOperation,
  ],
});
