// The fake's data: records per sObject, write rules (read-only fields, required fields,
// references, AccountId derived from WhatId/WhoId), soft deletes for getDeleted and queryAll,
// and a clock tests control.
import { defaultObjects, fieldOf, type FieldDef, type ObjectDef } from './objects.js';
import { SfError, type SfRecord } from './errors.js';
import { makeIdFactory } from './ids.js';
import { parseSoql, SoqlError } from './soql.js';
import { runQuery, type QueryWorld } from './query-eval.js';

/** Salesforce's datetime format: 2024-05-01T12:34:56.000+0000 */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export class SalesforceStore {
  readonly objects = defaultObjects();
  private readonly rows = new Map<string, Map<string, SfRecord>>();
  private readonly deletedAt = new Map<string, number>();
  private readonly newId = makeIdFactory(7);
  private fixedNow: number | undefined;
  private lastStamp = 0;
  readonly apiUserId: string;

  constructor(readonly apiVersionPath: () => string) {
    this.apiUserId = this.insert(
      'User',
      {
        Username: 'integration@acme.test',
        Email: 'integration@acme.test',
        Name: 'Integration User',
      },
      null,
    ).Id as string;
  }

  /** Set the clock (ms or ISO text); undefined goes back to the real clock. */
  setNow(at: number | string | undefined): void {
    this.fixedNow = typeof at === 'string' ? Date.parse(at) : at;
    if (this.fixedNow !== undefined) this.lastStamp = Math.min(this.lastStamp, this.fixedNow - 1);
  }

  now(): number {
    return this.fixedNow ?? Date.now();
  }

  /** Each write gets a distinct, increasing stamp, as LastModifiedDate comparisons rely on it. */
  private stamp(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  object(name: string): ObjectDef {
    const def = [...this.objects.values()].find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!def) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return def;
  }

  addField(object: string, field: FieldDef): void {
    this.object(object).fields.push(field);
  }

  private table(def: ObjectDef): Map<string, SfRecord> {
    let t = this.rows.get(def.name);
    if (!t) {
      t = new Map();
      this.rows.set(def.name, t);
    }
    return t;
  }

  findById(id: string): { def: ObjectDef; rec: SfRecord } | undefined {
    for (const def of this.objects.values()) {
      const rec =
        this.table(def).get(id) ??
        (id.length === 15
          ? [...this.table(def).values()].find((r) => (r.Id as string).startsWith(id))
          : undefined);
      if (rec) return { def, rec };
    }
    return undefined;
  }

  /** All rows of an object, deleted and archived included (the raw table, for tests). */
  all(object: string): SfRecord[] {
    return [...this.table(this.object(object)).values()];
  }

  private canonical(def: ObjectDef, fields: Record<string, unknown>, creating: boolean): SfRecord {
    const out: SfRecord = {};
    const readOnly: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'attributes') continue;
      const field = fieldOf(def, key);
      if (!field)
        throw new SfError(
          400,
          'INVALID_FIELD',
          `No such column '${key}' on sobject of type ${def.name}`,
          [key],
        );
      if (field.readOnly) {
        readOnly.push(field.name);
        continue;
      }
      if (value !== null && field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
        throw new SfError(
          400,
          'JSON_PARSER_ERROR',
          `Cannot deserialize instance of date from VALUE_STRING value ${String(value)} or request may be missing a required field`,
          [field.name],
        );
      }
      if (value !== null && field.type === 'datetime') {
        const ms = Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (Number.isNaN(ms))
          throw new SfError(
            400,
            'JSON_PARSER_ERROR',
            `Cannot deserialize instance of datetime from VALUE_STRING value ${String(value)}`,
            [field.name],
          );
        out[field.name] = sfDateTime(ms);
        continue;
      }
      if (value !== null && field.type === 'reference' && !this.findById(String(value))) {
        throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [
          field.name,
        ]);
      }
      out[field.name] = value;
    }
    if (readOnly.length) {
      throw new SfError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to ${creating ? 'create' : 'create/update'} fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    }
    return out;
  }

  /** AccountId on activities comes from WhatId (an Account) or WhoId (a Contact's account). */
  private derive(def: ObjectDef, rec: SfRecord): void {
    if (def.activity) {
      const what = typeof rec.WhatId === 'string' ? this.findById(rec.WhatId) : undefined;
      const who = typeof rec.WhoId === 'string' ? this.findById(rec.WhoId) : undefined;
      rec.AccountId =
        what?.def.name === 'Account'
          ? what.rec.Id
          : who?.def.name === 'Contact'
            ? (who.rec.AccountId ?? null)
            : null;
      rec.IsArchived ??= false;
    }
    if (def.name === 'Task') rec.IsClosed = rec.Status === 'Completed';
    if (def.name === 'Event' && rec.IsAllDayEvent !== true) {
      const start = rec.StartDateTime ?? rec.ActivityDateTime;
      if (!start)
        throw new SfError(
          400,
          'REQUIRED_FIELD_MISSING',
          'Required fields are missing: [StartDateTime]',
          ['StartDateTime'],
        );
      if (rec.DurationInMinutes == null && !rec.EndDateTime)
        throw new SfError(
          400,
          'REQUIRED_FIELD_MISSING',
          'Required fields are missing: [DurationInMinutes]',
          ['DurationInMinutes'],
        );
      rec.ActivityDate = String(start).slice(0, 10);
    }
  }

  private checkRequired(def: ObjectDef, rec: SfRecord): void {
    const missing = def.required.filter(
      (name) => rec[name] === undefined || rec[name] === null || rec[name] === '',
    );
    if (missing.length)
      throw new SfError(
        400,
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing,
      );
  }

  /** Create a record as `byUserId` (null: the system). Used by the API and by tests directly. */
  insert(
    object: string,
    fields: Record<string, unknown>,
    byUserId: string | null = this.apiUserId,
  ): SfRecord {
    const def = this.object(object);
    const rec: SfRecord = { ...this.canonical(def, fields, true) };
    this.checkRequired(def, rec);
    if (def.name === 'Task') {
      rec.Status ??= 'Not Started';
      rec.Priority ??= 'Normal';
    }
    if (fieldOf(def, 'OwnerId')) rec.OwnerId ??= byUserId;
    this.derive(def, rec);
    const at = sfDateTime(this.stamp());
    const id = this.newId(def.keyPrefix);
    const full: SfRecord = {
      Id: id,
      IsDeleted: false,
      ...rec,
      CreatedDate: at,
      CreatedById: byUserId,
      LastModifiedDate: at,
      LastModifiedById: byUserId,
      SystemModstamp: at,
    };
    this.table(def).set(id, full);
    return full;
  }

  /** A live (not deleted) record, or NOT_FOUND / ENTITY_IS_DELETED. */
  live(object: string, id: string): SfRecord {
    const def = this.object(object);
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id))
      throw new SfError(400, 'MALFORMED_ID', `Malformed id: ${id}`);
    const hit = this.findById(id);
    if (!hit || hit.def !== def)
      throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (hit.rec.IsDeleted) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return hit.rec;
  }

  change(
    object: string,
    id: string,
    fields: Record<string, unknown>,
    byUserId: string | null = this.apiUserId,
  ): SfRecord {
    const def = this.object(object);
    const rec = this.live(object, id);
    const next = { ...rec, ...this.canonical(def, fields, false) };
    this.derive(def, next);
    const at = sfDateTime(this.stamp());
    Object.assign(rec, next, {
      LastModifiedDate: at,
      LastModifiedById: byUserId,
      SystemModstamp: at,
    });
    return rec;
  }

  remove(object: string, id: string): void {
    const rec = this.live(object, id);
    const at = this.stamp();
    Object.assign(rec, { IsDeleted: true, SystemModstamp: sfDateTime(at) });
    this.deletedAt.set(rec.Id as string, at);
  }

  /** A copy of every table, for allOrNone rollback. */
  snapshot(): { rows: Map<string, Map<string, SfRecord>>; deletedAt: Map<string, number> } {
    const rows = new Map(
      [...this.rows].map(([name, t]) => [
        name,
        new Map([...t].map(([id, r]) => [id, structuredClone(r)])),
      ]),
    );
    return { rows, deletedAt: new Map(this.deletedAt) };
  }

  restore(snap: {
    rows: Map<string, Map<string, SfRecord>>;
    deletedAt: Map<string, number>;
  }): void {
    this.rows.clear();
    for (const [name, t] of snap.rows) this.rows.set(name, t);
    this.deletedAt.clear();
    for (const [id, at] of snap.deletedAt) this.deletedAt.set(id, at);
  }

  /** Mark an activity archived: query leaves it out, queryAll keeps it. */
  archive(object: string, id: string): void {
    this.live(object, id).IsArchived = true;
  }

  /** The live records whose external id field has this value (GET/PATCH /sobjects/{Obj}/{Field}/{value}). */
  byExternalId(
    object: string,
    externalField: string,
    value: string,
  ): { field: string; matches: SfRecord[] } {
    const def = this.object(object);
    const field = fieldOf(def, externalField);
    if (!field || !(field.externalId || field.name === 'Id'))
      throw new SfError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${externalField}`,
      );
    // External ids match case-insensitively (a Totango id stored in lowercase still matches).
    const matches = [...this.table(def).values()].filter(
      (r) => !r.IsDeleted && String(r[field.name] ?? '').toLowerCase() === value.toLowerCase(),
    );
    if (matches.length > 1)
      throw new SfError(
        300,
        'MULTIPLE_CHOICES',
        `More than one record found for external id field ${field.name} with value ${value}`,
      );
    return { field: field.name, matches };
  }

  upsert(
    object: string,
    externalField: string,
    value: string,
    fields: Record<string, unknown>,
  ): { rec: SfRecord; created: boolean } {
    const { field, matches } = this.byExternalId(object, externalField, value);
    if (matches.length === 1)
      return { rec: this.change(object, matches[0].Id as string, fields), created: false };
    return { rec: this.insert(object, { ...fields, [field]: value }), created: true };
  }

  query(soql: string, includeDeleted: boolean): SfRecord[] {
    let parsed;
    try {
      parsed = parseSoql(soql);
    } catch (err) {
      if (err instanceof SoqlError) throw new SfError(400, 'MALFORMED_QUERY', err.message);
      throw err;
    }
    const world: QueryWorld = {
      object: (name) =>
        [...this.objects.values()].find((d) => d.name.toLowerCase() === name.toLowerCase()),
      findById: (id) => this.findById(id),
      now: () => this.now(),
      recordUrl: (def, id) => `${this.apiVersionPath()}/sobjects/${def.name}/${id}`,
    };
    return runQuery(world, parsed, (def) =>
      [...this.table(def).values()].filter(
        (r) => includeDeleted || (!r.IsDeleted && r.IsArchived !== true),
      ),
    );
  }

  deletedBetween(
    object: string,
    start: number,
    end: number,
  ): { id: string; deletedDate: string }[] {
    const def = this.object(object);
    return [...this.table(def).values()]
      .filter(
        (r) =>
          r.IsDeleted &&
          this.deletedAt.get(r.Id as string)! >= start &&
          this.deletedAt.get(r.Id as string)! <= end,
      )
      .map((r) => ({
        id: r.Id as string,
        deletedDate: sfDateTime(this.deletedAt.get(r.Id as string)!),
      }));
  }
}
