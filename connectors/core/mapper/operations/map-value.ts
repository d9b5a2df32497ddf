import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { describe, invalid } from '../../common/invalid.js';

export const mapValueOperation = defineOperation({
  id: 'map_value',
  title: 'Translate a value',
  description:
    'Look a value up in a table: "Closed Won" → "won", "gold" → 3. Unknown values get the default.',
  input: z.object({
    value: z.unknown().meta({
      title: 'Value',
      description: 'The value to translate (text, number or true/false).',
    }),
    map: z.record(z.string(), z.unknown()).meta({
      title: 'Table',
      description: 'Each known value and what it becomes: { "Closed Won": "won" }.',
    }),
    default: z.unknown().optional().meta({
      title: 'Default',
      description: 'The result for a value not in the table (else null).',
    }),
    caseSensitive: z
      .boolean()
      .default(true)
      .meta({ title: 'Case sensitive', description: 'Off: "GOLD" finds "gold".' }),
  }),
  output: z.object({
    result: z.unknown(),
    matched: z.boolean().meta({ description: 'Whether the value was in the table.' }),
  }),
  async execute({ input }) {
    const { value, map } = input;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw invalid('value', `expected text, a number or true/false, got ${describe(value)}`);
    const text = String(value);
    if (Object.hasOwn(map, text)) return { result: map[text], matched: true };
    if (!input.caseSensitive) {
      const lower = text.toLowerCase();
      for (const key of Object.keys(map))
        if (key.toLowerCase() === lower) return { result: map[key], matched: true };
    }
    return { result: input.default ?? null, matched: false };
  },
});
