// Value conversions of the sync: each way, and when two values mean the same (so nothing is rewritten).
import { describe, expect, it } from 'vitest';
import {
  conversions,
  statusOptions,
  type ConvertContext,
} from '../../connectors/jobs/totango-salesforce/convert.js';
import {
  TEMPLATES,
  plainEntries,
  createOnly,
} from '../../connectors/jobs/totango-salesforce/mapping.js';

const users = new Map([['005000000000001AAA', 'rep@acme.test']]);
const contacts = new Map([
  ['003000000000001AAA', 'buyer@acme.test'],
  ['00Q000000000001AAA', 'lead@prospect.test'],
]);
const cc: ConvertContext = {
  status: statusOptions.parse(undefined),
  users: {
    idOf: (email) => [...users].find(([, e]) => e === email.toLowerCase())?.[0],
    emailOf: (id) => users.get(id),
  },
  contacts: {
    idOf: (email) => [...contacts].find(([, e]) => e === email.toLowerCase())?.[0],
    emailOf: (id) => contacts.get(id),
  },
};

describe('sync conversions', () => {
  it('priority: High/Normal/Low ⇄ 1/2/3', () => {
    expect(
      ['High', 'Normal', 'Low', 'Urgent', null].map((v) => conversions.priority.toTotango(v, cc)),
    ).toEqual([1, 2, 3, 2, 2]);
    expect([1, 2, 3, 9].map((v) => conversions.priority.toSalesforce(v, cc))).toEqual([
      'High',
      'Normal',
      'Low',
      'Normal',
    ]);
    expect(conversions.priority.same('high', 1, cc)).toBe(true);
  });

  it('status: closed statuses ⇄ closed; an open task never rewrites In Progress', () => {
    expect(conversions.status.toTotango('Completed', cc)).toBe('closed');
    expect(conversions.status.toTotango('In Progress', cc)).toBe('open');
    expect(conversions.status.toSalesforce('closed', cc)).toBe('Completed');
    expect(conversions.status.toSalesforce('open', cc)).toBe('Not Started');
    expect(conversions.status.same('In Progress', 'open', cc)).toBe(true);
    expect(conversions.status.same('Completed', 'open', cc)).toBe(false);
    const custom = {
      ...cc,
      status: statusOptions.parse({ closed: ['Done', 'Cancelled'], closedValue: 'Done' }),
    };
    expect(conversions.status.toTotango('cancelled', custom)).toBe('closed');
    expect(conversions.status.toSalesforce('closed', custom)).toBe('Done');
  });

  it('dates: a Salesforce date ⇄ epoch ms at midnight UTC, compared by day', () => {
    expect(conversions.date_epoch.toTotango('2026-11-21', cc)).toBe(
      Date.parse('2026-11-21T00:00:00Z'),
    );
    expect(conversions.date_epoch.toSalesforce(Date.parse('2026-11-21T15:30:00Z'), cc)).toBe(
      '2026-11-21',
    );
    expect(conversions.date_epoch.same('2026-11-21', Date.parse('2026-11-21T23:59:00Z'), cc)).toBe(
      true,
    );
    expect(conversions.date.same('2026-11-21T10:00:00.000+0000', '2026-11-21', cc)).toBe(true);
    expect(conversions.datetime_epoch.toTotango('2026-11-21T10:00:00.000+0000', cc)).toBe(
      Date.parse('2026-11-21T10:00:00Z'),
    );
  });

  it('users: OwnerId ⇄ email; an email with no Salesforce user is left alone', () => {
    expect(conversions.user_email.toSalesforce('REP@acme.test', cc)).toBe('005000000000001AAA');
    expect(conversions.user_email.toSalesforce('stranger@else.test', cc)).toBeUndefined();
    expect(conversions.user_email.toTotango('005000000000001AAA', cc)).toBe('rep@acme.test');
    expect(conversions.user_email.same('005000000000001AAA', 'rep@acme.test', cc)).toBe(true);
    expect(conversions.user_email.same('005000000000001AAA', 'stranger@else.test', cc)).toBe(true);
  });

  it('text: empty and missing are the same', () => {
    expect(conversions.none.same(null, '', cc)).toBe(true);
    expect(conversions.none.same('a', 'b', cc)).toBe(false);
  });
});

describe('mapping templates', () => {
  it('keep the keys out of the copied fields and creator fields create-only', () => {
    expect(plainEntries(TEMPLATES.tasksOutbound).map((e) => e.salesforce)).toEqual([
      'Subject',
      'Description',
      'Priority',
      'Status',
      'ActivityDate',
      'OwnerId',
    ]);
    expect(
      plainEntries(TEMPLATES.tasksInbound)
        .filter(createOnly)
        .map((e) => e.totango),
    ).toEqual(['assigner', 'create_date']);
  });

  it('participants: WhoId ⇄ participant e-mails; unknown people are left alone', () => {
    const p = conversions.participants;
    expect(p.toTotango('003000000000001AAA', cc)).toEqual(['buyer@acme.test']);
    expect(p.toTotango('00Q000000000001AAA', cc)).toEqual(['lead@prospect.test']);
    expect(p.toTotango(null, cc)).toBeNull();
    // The first participant Salesforce knows becomes the WhoId.
    expect(p.toSalesforce(['stranger@x.test', 'Buyer@Acme.test'], cc)).toBe('003000000000001AAA');
    expect(p.toSalesforce(['stranger@x.test'], cc)).toBeUndefined();
    expect(p.same('003000000000001AAA', ['lead@prospect.test', 'buyer@acme.test'], cc)).toBe(true);
    expect(p.same('003000000000001AAA', ['lead@prospect.test'], cc)).toBe(false);
    expect(p.same(null, ['stranger@x.test'], cc)).toBe(true);
    expect(p.same(null, ['buyer@acme.test'], cc)).toBe(false);
  });

  it('participants are created once inbound, never compared afterwards', () => {
    const row = TEMPLATES.touchpointsInbound.find((e) => e.totango === 'participants')!;
    expect(row).toEqual({ salesforce: 'WhoId', totango: 'participants', convert: 'participants' });
    expect(createOnly(row)).toBe(true);
  });
});
