// The object connector (HELPERS.md "text, date, list, object"): read, change and combine objects.
import { defineConnector } from '../../sdk/types.js';
import { entriesOperation } from './entries.js';
import { getValueOperation } from './get-value.js';
import { keysOperation } from './keys.js';
import { mergeOperation } from './merge.js';
import { omitOperation } from './omit.js';
import { parseJsonOperation } from './parse-json.js';
import { pickOperation } from './pick.js';
import { setValueOperation } from './set-value.js';
import { toJsonOperation } from './to-json.js';
import { valuesOperation } from './values.js';

export const objectConnector = defineConnector({
  id: 'object',
  title: 'Object',
  description:
    'Merge objects, keep or remove fields, get and set values by path, read and write JSON text.',
  auth: null,
  operations: [
    mergeOperation,
    pickOperation,
    omitOperation,
    getValueOperation,
    setValueOperation,
    keysOperation,
    valuesOperation,
    entriesOperation,
    parseJsonOperation,
    toJsonOperation,
  ],
});
