// What the sync needs from Salesforce: matched accounts, records by id or changed since a
// time (queryAll, so archived activities are not missed), the user directory for OwnerId,
// deletions (getDeleted), and batched writes through sObject Collections.
import {
  chunks,
  deleteCollection,
  writeCollection,
  type CollectionResult,
  looksLikeSalesforceId,
  restoreIdCase,
  runSoql,
  soqlDateTime,
  soqlString,
  type SalesforceRecord,
  type SalesforceSession,
} from '../../salesforce/index.js';
import type { ContactDirectory, UserDirectory } from './convert.js';

const IN_CHUNK = 200;

export class SalesforceSide {
  constructor(readonly sf: SalesforceSession) {}

  private async byIds(
    object: string,
    fields: string[],
    ids: string[],
    includeDeleted: boolean,
  ): Promise<SalesforceRecord[]> {
    const out: SalesforceRecord[] = [];
    const valid = [...new Set(ids.map(restoreIdCase).filter(looksLikeSalesforceId))];
    for (const part of chunks(valid, IN_CHUNK)) {
      const soql = `SELECT ${[...new Set(fields)].join(', ')} FROM ${object} WHERE Id IN (${part.map(soqlString).join(', ')})`;
      out.push(...(await runSoql(this.sf, soql, { includeDeleted })).records);
    }
    return out;
  }

  /** Which account ids (in any case) are Salesforce accounts: lowercase → real id. */
  async existingAccounts(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.byIds('Account', ['Id'], ids, false);
    return new Map(rows.map((r) => [String(r.Id).toLowerCase(), String(r.Id)]));
  }

  /** Records by id, deleted ones included (IsDeleted tells), keyed by lowercase id. */
  async records(
    object: string,
    fields: string[],
    ids: string[],
  ): Promise<Map<string, SalesforceRecord>> {
    const rows = await this.byIds(
      object,
      [...fields, 'Id', 'IsDeleted', 'LastModifiedDate'],
      ids,
      true,
    );
    return new Map(rows.map((r) => [String(r.Id).toLowerCase(), r]));
  }

  /** Live records changed at or after `since` (SystemModstamp), oldest first, within the user's filter. */
  async changed(
    object: string,
    fields: string[],
    filter: string | undefined,
    since: number | undefined,
  ): Promise<SalesforceRecord[]> {
    const where = ['IsDeleted = false'];
    if (filter) where.push(`(${filter})`);
    // SOQL datetimes have whole seconds: start at the second of the watermark; re-read rows change nothing.
    if (since !== undefined)
      where.push(`SystemModstamp >= ${soqlDateTime(Math.floor(since / 1000) * 1000)}`);
    const select = [
      ...new Set([...fields, 'Id', 'AccountId', 'LastModifiedDate', 'SystemModstamp']),
    ];
    const soql = `SELECT ${select.join(', ')} FROM ${object} WHERE ${where.join(' AND ')} ORDER BY SystemModstamp`;
    return (await runSoql(this.sf, soql, { includeDeleted: true })).records;
  }

  async users(emails: string[], ids: string[]): Promise<UserDirectory> {
    const byEmail = new Map<string, string>();
    const byId = new Map<string, string>();
    const add = (rows: SalesforceRecord[]) => {
      for (const r of rows)
        if (r.Email) {
          byEmail.set(String(r.Email).toLowerCase(), String(r.Id));
          byId.set(String(r.Id), String(r.Email));
        }
    };
    const wanted = [...new Set(emails.filter(Boolean).map((e) => e.toLowerCase()))];
    for (const part of chunks(wanted, IN_CHUNK)) {
      add(
        (
          await runSoql(
            this.sf,
            `SELECT Id, Email FROM User WHERE Email IN (${part.map(soqlString).join(', ')})`,
          )
        ).records,
      );
    }
    add(
      await this.byIds(
        'User',
        ['Id', 'Email'],
        ids.filter((id) => !byId.has(id)),
        false,
      ),
    );
    return {
      idOf: (email) => byEmail.get(email.toLowerCase()),
      emailOf: (id) => byId.get(id) ?? byId.get(restoreIdCase(id)),
    };
  }

  /**
   * Contacts and leads (what an Event's WhoId points at) by e-mail and by id. An e-mail held by a
   * contact is matched to the contact before any lead; ids are read from the object their
   * prefix names (003 Contact, 00Q Lead), so an org without leads in use costs no query.
   */
  async contacts(emails: string[], ids: string[]): Promise<ContactDirectory> {
    const byEmail = new Map<string, string>();
    const byId = new Map<string, string>();
    const add = (rows: SalesforceRecord[]) => {
      for (const r of rows) {
        if (!r.Email) continue;
        const email = String(r.Email).toLowerCase();
        if (!byEmail.has(email)) byEmail.set(email, String(r.Id));
        byId.set(String(r.Id), String(r.Email));
      }
    };
    let wanted = [...new Set(emails.filter(Boolean).map((e) => e.toLowerCase()))];
    for (const object of ['Contact', 'Lead']) {
      for (const part of chunks(wanted, IN_CHUNK))
        add(
          (
            await runSoql(
              this.sf,
              `SELECT Id, Email FROM ${object} WHERE Email IN (${part.map(soqlString).join(', ')})`,
            )
          ).records,
        );
      wanted = wanted.filter((e) => !byEmail.has(e));
    }
    const unknown = [...new Set(ids.filter((id) => id && !byId.has(id)))];
    add(
      await this.byIds(
        'Contact',
        ['Id', 'Email'],
        unknown.filter((id) => id.startsWith('003')),
        false,
      ),
    );
    add(
      await this.byIds(
        'Lead',
        ['Id', 'Email'],
        unknown.filter((id) => id.startsWith('00Q')),
        false,
      ),
    );
    return {
      idOf: (email) => byEmail.get(email.toLowerCase()),
      emailOf: (id) => byId.get(id) ?? byId.get(restoreIdCase(id)),
    };
  }

  /**
   * Ids deleted between `start` and now (getDeleted). `lost` is true when Salesforce no longer
   * keeps the log that far back (15 days, or less after the Recycle Bin was emptied).
   */
  async deletedSince(
    object: string,
    start: number,
    now: number,
  ): Promise<{ ids: string[]; coveredUntil: number; lost: boolean }> {
    const res = await this.sf.data({
      method: 'GET',
      url: `/sobjects/${object}/deleted/`,
      query: { start: new Date(start).toISOString(), end: new Date(now).toISOString() },
    });
    const body = res.body as {
      deletedRecords: { id: string }[];
      earliestDateAvailable?: string;
      latestDateCovered?: string;
    };
    const parse = (v: string | undefined) =>
      v ? Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
    const earliest = parse(body.earliestDateAvailable);
    const covered = parse(body.latestDateCovered);
    return {
      ids: body.deletedRecords.map((d) => d.id),
      coveredUntil: Number.isNaN(covered) ? now : covered,
      lost: !Number.isNaN(earliest) && earliest > start,
    };
  }

  /** Every deleted id still in the Recycle Bin (a full sync, or when getDeleted's log is gone). */
  async allDeleted(object: string): Promise<string[]> {
    return (
      await runSoql(this.sf, `SELECT Id FROM ${object} WHERE IsDeleted = true`, {
        includeDeleted: true,
      })
    ).records.map((r) => String(r.Id));
  }

  create(object: string, records: Record<string, unknown>[]): Promise<CollectionResult[]> {
    return writeCollection(this.sf, 'POST', object, records, false);
  }

  update(object: string, records: Record<string, unknown>[]): Promise<CollectionResult[]> {
    return writeCollection(this.sf, 'PATCH', object, records, false);
  }

  remove(ids: string[]): Promise<CollectionResult[]> {
    return deleteCollection(this.sf, ids, false);
  }
}
