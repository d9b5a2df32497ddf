// The list connector (HELPERS.md "text, date, list, object"): sort, filter, group and total lists.
import { defineConnector } from '../../sdk/types.js';
import { averageOperation } from './operations/average.js';
import { chunkOperation } from './operations/chunk.js';
import { concatOperation } from './operations/concat.js';
import { countOperation } from './operations/count.js';
import { filterOperation } from './operations/filter.js';
import { findOperation } from './operations/find.js';
import { firstOperation } from './operations/first.js';
import { flattenOperation } from './operations/flatten.js';
import { groupByOperation } from './operations/group-by.js';
import { lastOperation } from './operations/last.js';
import { maxOperation } from './operations/max.js';
import { minOperation } from './operations/min.js';
import { pluckOperation } from './operations/pluck.js';
import { sortOperation } from './operations/sort.js';
import { sumOperation } from './operations/sum.js';
import { uniqueOperation } from './operations/unique.js';

export const listConnector = defineConnector({
  id: 'list',
  title: 'List',
  description:
    'Sort, filter, find, group, count and add up lists; remove duplicates, cut into chunks.',
  auth: null,
  // Pure computation on the step's input: replaying a step changes nothing anywhere.
  sideEffects: false,
  operations: [
    sortOperation,
    uniqueOperation,
    chunkOperation,
    concatOperation,
    flattenOperation,
    firstOperation,
    lastOperation,
    countOperation,
    sumOperation,
    averageOperation,
    minOperation,
    maxOperation,
    groupByOperation,
    filterOperation,
    pluckOperation,
    findOperation,
  ],
});
