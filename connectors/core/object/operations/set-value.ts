import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField, pathField } from '../../common/fields.js';
import { parsePath, setPath } from '../../common/paths.js';

export const setValueOperation = defineOperation({
  id: 'set_value',
  title: 'Set a field',
  description:
    'A copy of an object with a value put at a dotted path; missing objects along the path are made.',
  input: z.object({
    object: objectField(),
    path: pathField('Path', 'Field names joined by dots (account.tier).'),
    value: z.unknown().meta({ title: 'Value', description: 'The value to put there.' }),
  }),
  output: z.object({ result: z.record(z.string(), z.unknown()) }),
  async execute({ input }) {
    const path = parsePath(input.path, 'path');
    return { result: setPath(input.object, path, input.value, 'path') as Record<string, unknown> };
  },
});
