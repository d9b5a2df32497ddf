import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { invalid } from '../../common/invalid.js';
import { keyField, scopeField } from '../fields.js';

export const appendOperation = defineOperation({
  id: 'append',
  title: 'Add to list',
  description:
    'Add an item (or several) at the end of the list kept under a key; a new key starts an empty list.',
  input: z.object({
    scope: scopeField,
    key: keyField,
    value: z.unknown().optional().meta({ title: 'Item', description: 'One item to add.' }),
    items: z
      .array(z.unknown())
      .optional()
      .meta({ title: 'Items', description: 'Several items to add, in order (instead of Item).' }),
  }),
  output: z.object({
    length: z.number().int().meta({ description: 'How many items the list has now.' }),
  }),
  async execute({ input, storage }) {
    if (input.value !== undefined && input.items !== undefined)
      throw invalid('items', 'give either one item (value) or several (items), not both');
    if (input.value === undefined && input.items === undefined)
      throw invalid('value', 'Required: the item to add (or items, a list of them)');
    const items = input.items ?? [input.value];
    return { length: await storage.append(input.scope, input.key, items) };
  },
});
