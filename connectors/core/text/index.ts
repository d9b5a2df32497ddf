// The text connector (HELPERS.md "text, date, list, object"): everyday text changes.
import { defineConnector } from '../../sdk/types.js';
import { SANDBOX_SETTINGS } from '../sandbox/limits.js';
import { changeCaseOperation } from './change-case.js';
import { extractOperation } from './extract.js';
import { joinOperation } from './join.js';
import { lengthOperation } from './length.js';
import { padOperation } from './pad.js';
import { replaceOperation } from './replace.js';
import { splitOperation } from './split.js';
import { substringOperation } from './substring.js';
import { trimOperation } from './trim.js';

export const textConnector = defineConnector({
  id: 'text',
  title: 'Text',
  description: 'Split, join, replace, change case, trim, cut, extract and pad text.',
  auth: null,
  env: SANDBOX_SETTINGS,
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
