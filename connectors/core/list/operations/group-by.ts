import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField } from '../../common/fields.js';
import { describe, invalid } from '../../common/invalid.js';
import { itemField, valuesAt } from '../../common/values.js';

export const groupByOperation = defineOperation({
  id: 'group_by',
  title: 'Group by field',
  description:
    'Put the items of a list into groups by the value of a field, e.g. accounts by tier: { "gold": [...], "silver": [...] }.',
  input: z.object({
    list: listField(),
    by: z.string().min(1).meta({
      title: 'By field',
      description:
        'The field whose value names the group, as a dotted path (tier, account.region).',
    }),
  }),
  output: z.object({
    groups: z
      .record(z.string(), z.array(z.unknown()))
      .meta({ description: 'The items of each group, by its value as text.' }),
    keys: z.array(z.string()).meta({
      description:
        'The group names, in the order they first appear. Items without the field are in the group "".',
    }),
  }),
  async execute({ input }) {
    const values = valuesAt(input.list, input.by);
    const groups = new Map<string, unknown[]>();
    input.list.forEach((item, i) => {
      const v = values[i];
      let key: string;
      if (!v.found || v.value === null) key = '';
      else if (typeof v.value === 'string') key = v.value;
      else if (typeof v.value === 'number' || typeof v.value === 'boolean') key = String(v.value);
      else
        throw invalid(
          itemField(i, input.by),
          `can only group by text, numbers or true/false, but this is ${describe(v.value)}`,
        );
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    });
    // Object.fromEntries defines own keys: a group called "__proto__" is an ordinary key.
    return { groups: Object.fromEntries(groups), keys: [...groups.keys()] };
  },
});
