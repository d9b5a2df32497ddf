// The date connector (HELPERS.md "text, date, list, object"): dates in time zones, with Luxon.
import { defineConnector } from '../../sdk/types.js';
import { addOperation } from './add.js';
import { differenceOperation } from './difference.js';
import { endOfOperation } from './end-of.js';
import { formatOperation } from './format.js';
import { nowOperation } from './now.js';
import { parseOperation } from './parse.js';
import { startOfOperation } from './start-of.js';
import { subtractOperation } from './subtract.js';

export const dateConnector = defineConnector({
  id: 'date',
  title: 'Date',
  description:
    'The current date, add and subtract days or months, time between dates, format and read dates, in any time zone.',
  auth: null,
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
