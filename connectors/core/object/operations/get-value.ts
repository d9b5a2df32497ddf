import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { pathField } from '../../common/fields.js';
import { getPath, parsePath } from '../../common/paths.js';

export const getValueOperation = defineOperation({
  id: 'get_value',
  title: 'Get a field',
  description:
    'The value at a dotted path in an object (account.owner.email), or a default when it has none.',
  input: z.object({
    object: z
      .unknown()
      .refine((v) => v !== null && typeof v === 'object', 'Expected an object or a list')
      .meta({ title: 'Object', description: 'The object (or list) to read.' }),
    path: pathField(
      'Path',
      'Field names joined by dots; a number picks a list item (owners.0.email).',
    ),
    default: z.unknown().optional().meta({
      title: 'Default',
      description: 'The value when the path leads nowhere (else null).',
    }),
  }),
  output: z.object({
    found: z.boolean(),
    value: z.unknown().meta({ description: 'The value found, else the default, else null.' }),
  }),
  async execute({ input }) {
    const got = getPath(input.object, parsePath(input.path, 'path'));
    return got.found
      ? { found: true, value: got.value }
      : { found: false, value: input.default ?? null };
  },
});
