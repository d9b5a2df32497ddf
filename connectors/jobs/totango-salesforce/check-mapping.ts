// Validate's look at a sync step's mapping with Salesforce (the seed's "Validate Mapping"):
// every row's Salesforce field must be a field of the job's object, or a relationship of it
// followed by a field of the object it points at (Owner.Email); the campaign touch key must
// be an external id field. Asked through describe, once per object. The Totango side of each
// row is checked offline by the mapping's schema (mapping.ts).
import { isStepError } from '../../../engine/errors/step-error.js';
import { openSession, type SalesforceAuthFields } from '../../salesforce/index.js';
import type { ServiceCheckContext } from '../../sdk/types.js';
import { rowName, type MappingEntry } from './mapping.js';

interface DescribedField {
  name: string;
  relationshipName?: string | null;
  referenceTo?: string[];
  externalId?: boolean;
}

type Problem = { field: string; message: string };

const UNREACHABLE = new Set([
  'AUTH_FAILED',
  'AUTH_MISSING',
  'NETWORK',
  'STEP_TIMEOUT',
  'CANCELLED',
  'RATE_LIMITED',
]);

/** The closest field name (case or a couple of letters off), to suggest. */
function closest(name: string, fields: DescribedField[]): string | undefined {
  const lower = name.toLowerCase();
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const keep = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = keep;
      }
    }
    return row[b.length];
  };
  let best: { name: string; d: number } | undefined;
  for (const f of fields) {
    const d = distance(lower, f.name.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { name: f.name, d };
  }
  return best?.name;
}

export async function checkMappingWithSalesforce(
  ctx: ServiceCheckContext<unknown>,
  sfObject: 'Task' | 'Event',
  template: MappingEntry[],
): Promise<Problem[]> {
  if (ctx.mapped.includes('mapping')) return [];
  const raw = ctx.literal.mapping ?? template;
  // A mapped (not literal) mapping, or one the schema refuses, is left to the schema and the run.
  if (!Array.isArray(raw)) return [];
  const service = ctx.services.salesforce;
  if (!service) return [];
  const sf = await openSession({
    fields: service.auth as SalesforceAuthFields,
    env: ctx.env,
    signal: ctx.signal,
    authId: ctx.authId,
    log: ctx.log,
    onSecret: ctx.secret,
  });
  const described = new Map<string, DescribedField[] | undefined>();
  const describe = async (object: string): Promise<DescribedField[] | undefined> => {
    if (!described.has(object)) {
      try {
        const res = await sf.data({ method: 'GET', url: `/sobjects/${object}/describe` });
        described.set(object, (res.body as { fields?: DescribedField[] }).fields ?? []);
      } catch (err) {
        // An object the org does not have (or may not show) cannot tell us anything; a service
        // that cannot be reached stops the whole check (validate then adds nothing).
        if (isStepError(err) && !UNREACHABLE.has(err.code)) described.set(object, undefined);
        else throw err;
      }
    }
    return described.get(object);
  };

  const own = await describe(sfObject);
  if (!own) return [];
  const problems: Problem[] = [];
  for (const [i, row] of raw.entries()) {
    if (!row || typeof row !== 'object') continue;
    const { salesforce, totango } = row as { salesforce?: unknown; totango?: unknown };
    if (typeof salesforce !== 'string' || salesforce === '') continue;
    const entry = { salesforce, totango: String(totango ?? '') };
    const field = `mapping.${i}.salesforce`;
    const [head, tail] = salesforce.split('.');
    if (tail === undefined) {
      const found = own.find((f) => f.name.toLowerCase() === head.toLowerCase());
      if (!found) {
        const hint = closest(head, own);
        problems.push({
          field,
          message: `${rowName(i, entry)}: Salesforce's ${sfObject} has no field "${head}"${hint ? ` (did you mean ${hint}?)` : ''}.`,
        });
      } else if (entry.totango === 'campaign_touch_id' && !found.externalId) {
        problems.push({
          field,
          message: `${rowName(i, entry)}: ${sfObject}.${found.name} is not an external id field; each campaign touch is written by its id, so mark the field "External ID" in Salesforce or map another one.`,
        });
      }
      continue;
    }
    const relation = own.find((f) => f.relationshipName?.toLowerCase() === head.toLowerCase());
    if (!relation) {
      problems.push({
        field,
        message: `${rowName(i, entry)}: Salesforce's ${sfObject} has no relationship "${head}" (a reference field such as Owner, CreatedBy or LastModifiedBy).`,
      });
      continue;
    }
    const targets = [];
    for (const object of relation.referenceTo ?? []) {
      const fields = await describe(object);
      if (fields) targets.push({ object, fields });
    }
    // Polymorphic (Owner: User or Group): the field must be on at least one of them.
    if (
      targets.length &&
      !targets.some((t) => t.fields.some((f) => f.name.toLowerCase() === tail.toLowerCase()))
    )
      problems.push({
        field,
        message: `${rowName(i, entry)}: ${targets.map((t) => t.object).join(' / ')} (what ${sfObject}.${head} points at) has no field "${tail}".`,
      });
  }
  return problems;
}
