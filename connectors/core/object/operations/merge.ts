import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { describe, invalid } from '../../common/invalid.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `b` over `a`; with `deep`, objects inside are merged too (lists are replaced, not joined). */
function mergeTwo(a: Json, b: Json, deep: boolean): Json {
  const out: Json = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = out[key];
    // defineProperty: a key "__proto__" stays an ordinary key instead of changing the prototype.
    Object.defineProperty(out, key, {
      value: deep && isObject(before) && isObject(value) ? mergeTwo(before, value, true) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export const mergeOperation = defineOperation({
  id: 'merge',
  title: 'Merge objects',
  description:
    'Combine several objects into one; a later object\'s fields win. With "Deep", objects inside are combined too.',
  input: z.object({
    objects: z
      .array(z.unknown())
      .min(1, 'Give at least one object')
      .meta({ title: 'Objects', description: 'The objects to combine, in order.' }),
    deep: z.boolean().default(false).meta({
      title: 'Deep',
      description: 'Combine objects inside objects instead of replacing them.',
    }),
  }),
  output: z.object({ result: z.record(z.string(), z.unknown()) }),
  async execute({ input }) {
    let result: Json = {};
    input.objects.forEach((o, i) => {
      if (!isObject(o)) throw invalid(`objects.${i}`, `expected an object, got ${describe(o)}`);
      result = mergeTwo(result, o, input.deep);
    });
    return { result };
  },
});
