// Inputs every sync job shares.
import { z } from 'zod';

export const createMissing = z.boolean().default(false).meta({
  title: 'Create new records',
  description:
    'Create a record on the other side when it has none yet. Off: such records are skipped and listed.',
});

export const fullSync = z.boolean().default(false).meta({
  title: 'Full sync',
  description:
    'Ignore what earlier runs handled and look at every record again (the first run always does).',
});

export const carryDeletions = z.boolean().default(true).meta({
  title: 'Carry deletions across',
  description:
    "Delete the linked record on the other side when one side deletes it. Use with both directions' jobs.",
});

export const soqlFilter = z.string().trim().optional().meta({
  title: 'SOQL filter',
  description:
    "A SOQL condition; only records that pass are imported, e.g. Status != 'Deferred' AND Owner.Email LIKE '%@acme.com'.",
});

export const windowDays = z.number().int().min(1).max(30).default(30).meta({
  title: 'Updated within (days)',
  description:
    'Outbound jobs only look at Totango records updated in this many days (at most 30, as in Totango).',
});

export const preview = z.boolean().default(false).meta({
  title: 'Preview only',
  description:
    'Read and map without writing anything: the answer says what a run would create, update, delete or skip (the first 20 records, with the values it would write). The cursor is not moved.',
});
