// The list connector (HELPERS.md "text, date, list, object"): sort, filter, group and total lists.
import { defineConnector } from '../../sdk/types.js';
import { averageOperation } from './average.js';
import { chunkOperation } from './chunk.js';
import { concatOperation } from './concat.js';
import { countOperation } from './count.js';
import { filterOperation } from './filter.js';
import { findOperation } from './find.js';
import { firstOperation } from './first.js';
import { flattenOperation } from './flatten.js';
import { groupByOperation } from './group-by.js';
import { lastOperation } from './last.js';
import { maxOperation } from './max.js';
import { minOperation } from './min.js';
import { pluckOperation } from './pluck.js';
import { sortOperation } from './sort.js';
import { sumOperation } from './sum.js';
import { uniqueOperation } from './unique.js';

export const listConnector = defineConnector({
  id: 'list',
  title: 'List',
  description:
    'Sort, filter, find, group, count and add up lists; remove duplicates, cut into chunks.',
  auth: null,
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
