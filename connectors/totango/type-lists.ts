// Totango's lists of activity types (flows) and touchpoint types, read into one shape. The
// activity types answer is an object keyed by id (api-reference §1.5, seen in third-party
// code); the touchpoint types answer is not documented, so a list or a keyed object are both
// read, and an item's id and name are taken from the names such lists use.
import { z } from 'zod';
import { StepError } from '../../engine/errors/step-error.js';
import { choices } from '../sdk/choices.js';
import type { HttpClient } from '../sdk/types.js';
import { refuseFailedEnvelope } from './envelope.js';

export const typeItem = z.object({
  id: z.string().meta({ title: 'ID', description: 'What create_touchpoint / create_task take.' }),
  name: z.string().meta({ title: 'Name', description: 'As Totango shows it.' }),
  disabled: z.boolean(),
});
export type TypeItem = z.output<typeof typeItem>;

export const typeListOutput = z.object({ types: z.array(typeItem) });

export const includeDisabled = z
  .boolean()
  .default(false)
  .meta({ title: 'Include disabled types', description: 'Off: only the types people can pick.' });

/** The editor's picker for an activity type (flow) field: the ids list_activity_types answers. */
export const activityTypeChoices = (connector?: string) =>
  choices({
    operation: 'list_activity_types',
    ...(connector ? { connector } : {}),
    items: 'types',
    value: 'id',
    label: 'name',
  });

/** The editor's picker for a touchpoint type field. */
export const touchpointTypeChoices = () =>
  choices({ operation: 'list_touchpoint_types', items: 'types', value: 'id', label: 'name' });

const ID_KEYS = ['id', 'activity_type_id', 'touchpoint_type_id', 'type_id', 'uuid', 'value'];
const NAME_KEYS = ['display_name', 'name', 'title', 'label'];

function pick(o: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** Read a list of types, whichever of the two shapes it has; items without an id are left out. */
export function readTypes(body: unknown): TypeItem[] {
  const entries: [string | undefined, unknown][] = Array.isArray(body)
    ? body.map((v) => [undefined, v])
    : body && typeof body === 'object'
      ? Object.entries(body as Record<string, unknown>)
      : [];
  const out: TypeItem[] = [];
  for (const [key, value] of entries) {
    if (!value || typeof value !== 'object') continue;
    const o = value as Record<string, unknown>;
    const id = pick(o, ID_KEYS) ?? key;
    if (!id) continue;
    out.push({ id, name: pick(o, NAME_KEYS) ?? id, disabled: o.disabled === true });
  }
  return out;
}

export async function listTypes(
  http: HttpClient,
  path: string,
  what: string,
  withDisabled: boolean,
): Promise<{ types: TypeItem[] }> {
  const res = await http.request({ method: 'GET', url: path });
  refuseFailedEnvelope(res, `the list of ${what}`);
  if (!res.body || typeof res.body !== 'object')
    throw new StepError(
      'CONNECTOR_ERROR',
      `Totango answered the list of ${what} with something that is not a list: "${res.text.slice(0, 200)}".`,
      { details: { status: res.status } },
    );
  const types = readTypes(res.body);
  return { types: withDisabled ? types : types.filter((t) => !t.disabled) };
}
