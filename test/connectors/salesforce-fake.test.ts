// The fake Salesforce's SOQL subset and ids, checked directly: the connector tests rely on them.
import { describe, expect, it } from 'vitest';
import { parseSoql, SoqlError } from '../fakes/salesforce/soql.js';
import { SalesforceStore } from '../fakes/salesforce/store.js';
import { checksum, makeIdFactory } from '../fakes/salesforce/ids.js';
import { restoreIdCase, externalIdOf } from '../../connectors/salesforce/ids.js';
import { soqlString } from '../../connectors/salesforce/query.js';

function storeWithTasks(): { store: SalesforceStore; account: string } {
  const store = new SalesforceStore(() => '/services/data/v60.0');
  const account = store.insert('Account', { Name: 'Acme' }).Id as string;
  store.setNow('2026-11-01T10:00:00Z');
  store.insert('Task', { Subject: 'Call Bob', Priority: 'High', WhatId: account });
  store.setNow('2026-11-05T10:00:00Z');
  store.insert('Task', { Subject: "O'Brien follow-up", Priority: 'Low', Status: 'Completed' });
  store.setNow('2026-11-09T10:00:00Z');
  store.insert('Task', { Subject: 'Send deck', Priority: 'Normal', WhatId: account });
  return { store, account };
}

describe('fake Salesforce SOQL subset', () => {
  it('parses fields, relationship fields, nested AND/OR, IN, ORDER BY and LIMIT', () => {
    expect(
      parseSoql(
        "SELECT Id, Owner.Email FROM Task WHERE (Priority = 'High' OR Priority IN ('Low')) AND CreatedDate > 2026-11-02T00:00:00Z ORDER BY Subject DESC LIMIT 5",
      ),
    ).toEqual({
      fields: ['Id', 'Owner.Email'],
      object: 'Task',
      where: {
        kind: 'and',
        left: {
          kind: 'or',
          left: {
            kind: 'cmp',
            field: 'Priority',
            op: '=',
            value: { type: 'string', value: 'High' },
          },
          right: {
            kind: 'in',
            field: 'Priority',
            negate: false,
            values: [{ type: 'string', value: 'Low' }],
          },
        },
        right: {
          kind: 'cmp',
          field: 'CreatedDate',
          op: '>',
          value: { type: 'datetime', value: Date.parse('2026-11-02T00:00:00Z') },
        },
      },
      orderBy: [{ field: 'Subject', desc: true, nullsLast: true }],
      limit: 5,
    });
    expect(() => parseSoql('SELECT FROM Task')).toThrow(SoqlError);
    expect(() => parseSoql("SELECT Id FROM Task WHERE Subject = 'open")).toThrow(
      /unterminated string/,
    );
  });

  it('filters on dates and text, escapes quotes, orders and limits', () => {
    const { store, account } = storeWithTasks();
    const subjects = (q: string) => store.query(q, false).map((r) => r.Subject);
    expect(
      subjects(
        'SELECT Subject FROM Task WHERE CreatedDate >= 2026-11-05T00:00:00Z ORDER BY CreatedDate',
      ),
    ).toEqual(["O'Brien follow-up", 'Send deck']);
    expect(
      subjects(
        'SELECT Subject FROM Task WHERE ActivityDate = null AND CreatedDate < 2026-11-05 ORDER BY Subject',
      ),
    ).toEqual(['Call Bob']);
    expect(
      subjects(`SELECT Subject FROM Task WHERE Subject = ${soqlString("o'brien FOLLOW-UP")}`),
    ).toEqual(["O'Brien follow-up"]);
    expect(
      subjects(`SELECT Subject FROM Task WHERE AccountId = '${account}' AND NOT Priority = 'High'`),
    ).toEqual(['Send deck']);
    expect(
      subjects(
        "SELECT Subject FROM Task WHERE Subject LIKE 'send%' OR IsClosed = true ORDER BY Subject DESC LIMIT 1",
      ),
    ).toEqual(['Send deck']);
  });

  it('answers relationship fields as nested records with attributes', () => {
    const { store } = storeWithTasks();
    const [row] = store.query(
      "SELECT Subject, Account.Name, Owner.Email FROM Task WHERE Priority = 'High'",
      false,
    );
    expect(row).toEqual({
      attributes: {
        type: 'Task',
        url: expect.stringMatching(/^\/services\/data\/v60\.0\/sobjects\/Task\/00T/),
      },
      Subject: 'Call Bob',
      Account: { attributes: { type: 'Account', url: expect.any(String) }, Name: 'Acme' },
      Owner: {
        attributes: { type: 'User', url: expect.any(String) },
        Email: 'integration@acme.test',
      },
    });
  });

  it('refuses unknown fields and objects the way Salesforce does', () => {
    const { store } = storeWithTasks();
    expect(() => store.query('SELECT Nope FROM Task', false)).toThrow(
      /No such column 'Nope' on entity 'Task'/,
    );
    expect(() => store.query('SELECT Id FROM Nope__c', false)).toThrow(
      /sObject type 'Nope__c' is not supported/,
    );
    expect(() => store.query('SELECT Id FROM Task WHERE', false)).toThrow(
      /unexpected end of query/,
    );
  });
});

describe('Salesforce ids', () => {
  it('restores the case of an 18-character id that Totango stored in lowercase', () => {
    const next = makeIdFactory(42);
    for (let i = 0; i < 50; i++) {
      const id = next('00T');
      expect(id.slice(15)).toBe(checksum(id.slice(0, 15)));
      expect(restoreIdCase(externalIdOf(id))).toBe(id);
    }
    expect(restoreIdCase('00t5g00000abcde')).toBe('00t5g00000abcde');
    expect(restoreIdCase('not-an-id')).toBe('not-an-id');
  });
});
