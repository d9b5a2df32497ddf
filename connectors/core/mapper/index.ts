// The mapper connector (HELPERS.md "mapper"): reshape records between services.
import { defineConnector } from '../../sdk/types.js';
import { mapListOperation } from './operations/map-list.js';
import { mapObjectOperation } from './operations/map-object.js';
import { mapValueOperation } from './operations/map-value.js';

export const mapperConnector = defineConnector({
  id: 'mapper',
  title: 'Mapper',
  description:
    'Reshape records (rename and move fields, defaults) and translate values with a table.',
  auth: null,
  // Pure computation on the step's input: replaying a step changes nothing anywhere.
  sideEffects: false,
  operations: [mapObjectOperation, mapListOperation, mapValueOperation],
});
