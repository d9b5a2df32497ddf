// Input fields the core connectors share, with the titles and help the editor shows. Text
// fields take numbers and true/false as their text ("42"), since mapped values are often
// numbers; null, lists and objects are refused with the field's name.
import { z } from 'zod';

const asText = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

export function textField(title: string, description: string) {
  return z.preprocess(asText, z.string()).meta({ title, description });
}

export function listField(
  title = 'List',
  description = 'The list to work on (map it from an earlier step).',
) {
  return z.array(z.unknown()).meta({ title, description });
}

export function objectField(
  title = 'Object',
  description = 'The object to work on (map it from an earlier step).',
) {
  return z.record(z.string(), z.unknown()).meta({ title, description });
}

/** A dotted path into each item or object: `status`, `account.tier`, `owners.0.email`, or `@.status`. */
export function pathField(title: string, description: string) {
  return z.string().min(1).meta({ title, description });
}

export const byField = z.string().min(1).optional().meta({
  title: 'By field',
  description:
    'For a list of objects: the field to use, as a dotted path into each item (status, account.tier). Leave empty for a list of plain values.',
});

export function wholeNumber(title: string, description: string) {
  return z.number().int().meta({ title, description });
}
