// The text connector (HELPERS.md "text, date, list, object"): everyday text changes.
import { defineConnector } from '../../sdk/types.js';
import { changeCaseOperation } from './operations/change-case.js';
import { extractOperation } from './operations/extract.js';
import { joinOperation } from './operations/join.js';
import { lengthOperation } from './operations/length.js';
import { padOperation } from './operations/pad.js';
import { replaceOperation } from './operations/replace.js';
import { splitOperation } from './operations/split.js';
import { substringOperation } from './operations/substring.js';
import { trimOperation } from './operations/trim.js';

export const textConnector = defineConnector({
  id: 'text',
  title: 'Text',
  description: 'Split, join, replace, change case, trim, cut, extract and pad text.',
  auth: null,
  // Pure computation on the step's input: replaying a step changes nothing anywhere.
  sideEffects: false,
  operations: [
    splitOperation,
    joinOperation,
    replaceOperation,
    changeCaseOperation,
    trimOperation,
    substringOperation,
    extractOperation,
    padOperation,
    lengthOperation,
  ],
});
