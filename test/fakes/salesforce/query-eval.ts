// Runs a parsed SOQL query over the fake's records: field checks (INVALID_FIELD), relationship
// fields (Owner.Email) as nested objects with `attributes`, WHERE, ORDER BY, LIMIT.
import type { Condition, Literal, SoqlQuery } from './soql.js';
import { fieldOf, relationshipOf, type FieldDef, type ObjectDef } from './objects.js';
import { SfError, type SfRecord } from './errors.js';

export interface QueryWorld {
  object(name: string): ObjectDef | undefined;
  findById(id: string): { def: ObjectDef; rec: SfRecord } | undefined;
  now(): number;
  recordUrl(def: ObjectDef, id: string): string;
}

interface Resolved {
  value: unknown;
  field: FieldDef;
}

function invalidField(path: string, def: ObjectDef): never {
  throw new SfError(
    400,
    'INVALID_FIELD',
    `No such column '${path}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
  );
}

/** Check a field path against the object (and the referenced object for Rel.Field). */
function checkPath(world: QueryWorld, def: ObjectDef, path: string): void {
  const parts = path.split('.');
  if (parts.length === 1) {
    if (!fieldOf(def, path)) invalidField(path, def);
    return;
  }
  if (parts.length !== 2 || !relationshipOf(def, parts[0])) invalidField(path, def);
  // Polymorphic relationships (What, Who, Owner) may point at several objects; accept a field any of them has.
  const known = ['User', 'Account', 'Contact', 'Task', 'Event'].some((o) => {
    const d = world.object(o);
    return d && fieldOf(d, parts[1]);
  });
  if (!known) invalidField(path, def);
}

function resolve(world: QueryWorld, def: ObjectDef, rec: SfRecord, path: string): Resolved {
  const parts = path.split('.');
  if (parts.length === 1) {
    const field = fieldOf(def, path)!;
    return { value: rec[field.name] ?? null, field };
  }
  const ref = relationshipOf(def, parts[0])!;
  const target =
    typeof rec[ref.name] === 'string' ? world.findById(rec[ref.name] as string) : undefined;
  const field = target ? fieldOf(target.def, parts[1]) : undefined;
  if (!target || !field)
    return { value: null, field: { name: parts[1], label: parts[1], type: 'string' } };
  return { value: target.rec[field.name] ?? null, field };
}

const toMs = (v: unknown) => Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

function compare(value: unknown, field: FieldDef, lit: Literal, now: number): number | null {
  if (value === null || value === undefined || lit.type === 'null') return null;
  switch (lit.type) {
    case 'datetime':
      return toMs(value) - lit.value;
    case 'date': {
      const day =
        field.type === 'datetime'
          ? new Date(toMs(value)).toISOString().slice(0, 10)
          : String(value);
      return day < lit.value ? -1 : day > lit.value ? 1 : 0;
    }
    case 'last_n_days': {
      const start = new Date(now);
      start.setUTCHours(0, 0, 0, 0);
      return toMs(value) - (start.getTime() - lit.value * 86_400_000);
    }
    case 'number':
      return Number(value) - lit.value;
    case 'boolean':
      return Number(value === true) - Number(lit.value);
    case 'string': {
      // SOQL text comparison is case-insensitive.
      const a = String(value).toLowerCase();
      const b = lit.value.toLowerCase();
      return a < b ? -1 : a > b ? 1 : 0;
    }
  }
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function test(world: QueryWorld, def: ObjectDef, rec: SfRecord, cond: Condition): boolean {
  switch (cond.kind) {
    case 'and':
      return test(world, def, rec, cond.left) && test(world, def, rec, cond.right);
    case 'or':
      return test(world, def, rec, cond.left) || test(world, def, rec, cond.right);
    case 'not':
      return !test(world, def, rec, cond.cond);
    case 'in': {
      const { value, field } = resolve(world, def, rec, cond.field);
      const hit = cond.values.some((lit) => compare(value, field, lit, world.now()) === 0);
      return cond.negate ? !hit : hit;
    }
    case 'cmp': {
      const { value, field } = resolve(world, def, rec, cond.field);
      if (cond.value.type === 'null')
        return cond.op === '=' ? value === null : cond.op === '!=' ? value !== null : false;
      if (cond.op === 'like')
        return (
          value !== null &&
          likeToRegExp(cond.value.type === 'string' ? cond.value.value : '').test(String(value))
        );
      if (cond.value.type === 'last_n_days' && cond.op === '=') {
        // LAST_N_DAYS:n runs from midnight UTC n days ago to the end of today.
        const c = compare(value, field, cond.value, world.now());
        const endOfToday = new Date(world.now()).setUTCHours(24, 0, 0, 0);
        return c !== null && c >= 0 && toMs(value) < endOfToday;
      }
      const c = compare(value, field, cond.value, world.now());
      if (c === null) return cond.op === '!=';
      return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[
        cond.op
      ];
    }
  }
}

function checkCondition(world: QueryWorld, def: ObjectDef, cond: Condition): void {
  if (cond.kind === 'and' || cond.kind === 'or') {
    checkCondition(world, def, cond.left);
    checkCondition(world, def, cond.right);
  } else if (cond.kind === 'not') checkCondition(world, def, cond.cond);
  else if (cond.kind === 'cmp' || cond.kind === 'in') checkPath(world, def, cond.field);
}

function project(world: QueryWorld, def: ObjectDef, rec: SfRecord, fields: string[]): SfRecord {
  const out: SfRecord = {
    attributes: { type: def.name, url: world.recordUrl(def, rec.Id as string) },
  };
  for (const path of fields) {
    const parts = path.split('.');
    if (parts.length === 1) {
      const field = fieldOf(def, path)!;
      out[field.name] = rec[field.name] ?? null;
      continue;
    }
    const ref = relationshipOf(def, parts[0])!;
    const target =
      typeof rec[ref.name] === 'string' ? world.findById(rec[ref.name] as string) : undefined;
    const relName = ref.relationshipName!;
    if (!target) {
      out[relName] = null;
      continue;
    }
    const nested = (out[relName] as SfRecord | undefined) ?? {
      attributes: {
        type: target.def.name,
        url: world.recordUrl(target.def, target.rec.Id as string),
      },
    };
    const field = fieldOf(target.def, parts[1]);
    if (field) nested[field.name] = target.rec[field.name] ?? null;
    out[relName] = nested;
  }
  return out;
}

export function runQuery(
  world: QueryWorld,
  query: SoqlQuery,
  rows: (def: ObjectDef) => SfRecord[],
): SfRecord[] {
  const def = world.object(query.object);
  if (!def)
    throw new SfError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  for (const path of query.fields) checkPath(world, def, path);
  if (query.where) checkCondition(world, def, query.where);
  for (const o of query.orderBy) checkPath(world, def, o.field);

  let matched = rows(def).filter((rec) => !query.where || test(world, def, rec, query.where));
  if (query.orderBy.length) {
    matched = [...matched].sort((a, b) => {
      for (const o of query.orderBy) {
        const va = resolve(world, def, a, o.field).value;
        const vb = resolve(world, def, b, o.field).value;
        if (va === vb) continue;
        if (va === null) return o.nullsLast ? 1 : -1;
        if (vb === null) return o.nullsLast ? -1 : 1;
        const c = String(va).localeCompare(String(vb), 'en', {
          sensitivity: 'base',
          numeric: true,
        });
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  if (query.limit !== undefined) matched = matched.slice(0, query.limit);
  return matched.map((rec) => project(world, def, rec, query.fields));
}
