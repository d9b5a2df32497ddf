// sum, average, min and max share their input and reading of numbers; one file each declares
// the operation.
import { z } from 'zod';
import { byField, listField } from '../common/fields.js';
import { itemField, numberAt, valuesAt } from '../common/values.js';

export const numbersInput = z.object({
  list: listField('List', 'Numbers, or objects with a number field (with "By field").'),
  by: byField,
});
export const resultOutput = z.object({
  result: z.number().nullable().meta({ description: 'null for an empty list (0 for a sum).' }),
});

/** The numbers of the list; an item that is not a number (nor numeric text) is INPUT_INVALID naming it. */
export function numbersOf(input: z.output<typeof numbersInput>): number[] {
  return valuesAt(input.list, input.by).map((v, i) =>
    numberAt(v.found ? v.value : undefined, itemField(i, input.by)),
  );
}
