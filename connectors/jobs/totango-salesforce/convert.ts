// Value conversions between a Salesforce field and a Totango field. Each conversion says how
// to turn a value either way and when two values mean the same thing, compared on the
// coarser side (Totango's open/closed against a Salesforce picklist), so a sync never
// rewrites a value that already means the same and two runs in a row change nothing.
import { z } from 'zod';

export const conversionNames = [
  'none',
  'priority',
  'status',
  'date',
  'date_epoch',
  'datetime_epoch',
  'user_email',
  'participants',
] as const;
export type ConversionName = (typeof conversionNames)[number];

export const statusOptions = z
  .object({
    closed: z
      .array(z.string())
      .default(['Completed'])
      .meta({ title: 'Salesforce statuses that mean closed' }),
    openValue: z
      .string()
      .default('Not Started')
      .meta({ title: 'Salesforce status for an open Totango task' }),
    closedValue: z
      .string()
      .default('Completed')
      .meta({ title: 'Salesforce status for a closed Totango task' }),
  })
  .prefault({})
  .meta({
    title: 'Status conversion',
    description: 'Totango tasks are open or closed; Salesforce has a picklist.',
  });
export type StatusOptions = z.output<typeof statusOptions>;

/** Salesforce user ids ⇄ emails, loaded once per run (OwnerId ⇄ Totango assignee). */
export interface UserDirectory {
  idOf(email: string): string | undefined;
  emailOf(id: string): string | undefined;
}

/** Salesforce contacts and leads (an Event's WhoId) ⇄ e-mails, loaded once per run (touchpoint participants). */
export interface ContactDirectory {
  idOf(email: string): string | undefined;
  emailOf(id: string): string | undefined;
}

export const noContacts: ContactDirectory = { idOf: () => undefined, emailOf: () => undefined };

export interface ConvertContext {
  status: StatusOptions;
  users: UserDirectory;
  contacts: ContactDirectory;
}

export interface Conversion {
  toTotango(sf: unknown, c: ConvertContext): unknown;
  /** undefined: leave the Salesforce field out (e.g. an assignee who is not a Salesforce user). */
  toSalesforce(tt: unknown, c: ConvertContext): unknown;
  same(sf: unknown, tt: unknown, c: ConvertContext): boolean;
}

const blank = (v: unknown): boolean => v === null || v === undefined || v === '';
const text = (v: unknown): string => (blank(v) ? '' : String(v));
const PRIORITY_TO_TT: Record<string, number> = { high: 1, normal: 2, low: 3 };
const PRIORITY_TO_SF = ['', 'High', 'Normal', 'Low'];
const toMs = (v: unknown): number | null => {
  if (blank(v)) return null;
  if (typeof v === 'number') return v;
  const ms = Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
};
const emails = (v: unknown): string[] =>
  (Array.isArray(v) ? v : blank(v) ? [] : [v]).map((e) => text(e)).filter((e) => e !== '');
const day = (v: unknown): string | null => {
  if (blank(v)) return null;
  if (typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  return String(v).slice(0, 10);
};

export const conversions: Record<ConversionName, Conversion> = {
  none: {
    toTotango: (v) => (blank(v) ? null : v),
    toSalesforce: (v) => (blank(v) ? null : v),
    same: (a, b) => text(a) === text(b),
  },
  priority: {
    toTotango: (v) => (blank(v) ? 2 : (PRIORITY_TO_TT[String(v).toLowerCase()] ?? 2)),
    toSalesforce: (v) => PRIORITY_TO_SF[Number(v)] ?? 'Normal',
    same: (sf, tt) =>
      conversions.priority.toTotango(sf, {} as ConvertContext) === (blank(tt) ? 2 : Number(tt)),
  },
  status: {
    toTotango: (v, c) =>
      c.status.closed.some((s) => s.toLowerCase() === text(v).toLowerCase()) ? 'closed' : 'open',
    toSalesforce: (v, c) =>
      text(v).toLowerCase() === 'closed' ? c.status.closedValue : c.status.openValue,
    same: (sf, tt, c) =>
      conversions.status.toTotango(sf, c) ===
      (text(tt).toLowerCase() === 'closed' ? 'closed' : 'open'),
  },
  date: {
    toTotango: (v) => day(v),
    toSalesforce: (v) => day(v),
    same: (a, b) => day(a) === day(b),
  },
  date_epoch: {
    // A date-only Salesforce field against an epoch-ms Totango one: midnight UTC one way, the UTC day the other.
    toTotango: (v) => (blank(v) ? null : Date.parse(`${day(v)}T00:00:00Z`)),
    toSalesforce: (v) => day(toMs(v)),
    same: (sf, tt) => day(sf) === day(toMs(tt)),
  },
  datetime_epoch: {
    toTotango: (v) => toMs(v),
    toSalesforce: (v) => {
      const ms = toMs(v);
      return ms === null ? null : new Date(ms).toISOString();
    },
    same: (sf, tt) => {
      const a = toMs(sf);
      const b = toMs(tt);
      return a === b || (a !== null && b !== null && Math.abs(a - b) < 1000);
    },
  },
  user_email: {
    toTotango: (v, c) => (blank(v) ? null : (c.users.emailOf(String(v)) ?? null)),
    toSalesforce: (v, c) => (blank(v) ? undefined : c.users.idOf(String(v))),
    same: (sf, tt, c) => {
      if (blank(sf) && blank(tt)) return true;
      const email = blank(sf) ? undefined : c.users.emailOf(String(sf));
      // An owner or assignee the directory cannot place is left alone rather than rewritten every run.
      if (!blank(tt) && c.users.idOf(String(tt)) === undefined) return true;
      return text(email).toLowerCase() === text(tt).toLowerCase();
    },
  },
  // An Event has one WhoId; a touchpoint a list of participant e-mails. Inbound, the WhoId's
  // e-mail becomes the list; outbound, the first participant Salesforce knows becomes the WhoId.
  participants: {
    toTotango: (v, c) => {
      const email = blank(v) ? undefined : c.contacts.emailOf(String(v));
      return email ? [email] : null;
    },
    toSalesforce: (v, c) => {
      for (const email of emails(v)) {
        const id = c.contacts.idOf(email);
        if (id) return id;
      }
      return undefined;
    },
    same: (sf, tt, c) => {
      const list = emails(tt).map((e) => e.toLowerCase());
      if (blank(sf)) return list.every((e) => c.contacts.idOf(e) === undefined);
      const email = c.contacts.emailOf(String(sf));
      // A WhoId the directory cannot place, or participants Salesforce does not know, are left alone.
      if (!email || list.every((e) => c.contacts.idOf(e) === undefined)) return true;
      return list.includes(email.toLowerCase());
    },
  },
};
