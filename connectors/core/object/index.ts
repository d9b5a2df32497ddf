// The object connector (HELPERS.md "text, date, list, object"): read, change and combine objects.
import { defineConnector } from '../../sdk/types.js';
import { entriesOperation } from './operations/entries.js';
import { getValueOperation } from './operations/get-value.js';
import { keysOperation } from './operations/keys.js';
import { mergeOperation } from './operations/merge.js';
import { omitOperation } from './operations/omit.js';
import { parseJsonOperation } from './operations/parse-json.js';
import { pickOperation } from './operations/pick.js';
import { setValueOperation } from './operations/set-value.js';
import { toJsonOperation } from './operations/to-json.js';
import { valuesOperation } from './operations/values.js';

export const objectConnector = defineConnector({
  id: 'object',
  title: 'Object',
  description:
    'Merge objects, keep or remove fields, get and set values by path, read and write JSON text.',
  auth: null,
  // Pure computation on the step's input: replaying a step changes nothing anywhere.
  sideEffects: false,
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
