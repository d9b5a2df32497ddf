// The date connector (HELPERS.md "text, date, list, object"): dates in time zones, with Luxon.
import { defineConnector } from '../../sdk/types.js';
import { addOperation } from './operations/add.js';
import { differenceOperation } from './operations/difference.js';
import { endOfOperation } from './operations/end-of.js';
import { formatOperation } from './operations/format.js';
import { nowOperation } from './operations/now.js';
import { parseOperation } from './operations/parse.js';
import { startOfOperation } from './operations/start-of.js';
import { subtractOperation } from './operations/subtract.js';

export const dateConnector = defineConnector({
  id: 'date',
  title: 'Date',
  description:
    'The current date, add and subtract days or months, time between dates, format and read dates, in any time zone.',
  auth: null,
  // Pure computation on the step's input: replaying a step changes nothing anywhere.
  sideEffects: false,
  operations: [
    nowOperation,
    addOperation,
    subtractOperation,
    differenceOperation,
    formatOperation,
    parseOperation,
    startOfOperation,
    endOfOperation,
  ],
});
