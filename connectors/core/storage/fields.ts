import { z } from 'zod';
import { MAX_STORAGE_KEY_LENGTH, STORAGE_SCOPES } from '../../../engine/index.js';

export const scopeField = z.enum(STORAGE_SCOPES).meta({
  title: 'Scope',
  description:
    'run: only this run (gone when it ends); workflow: every run of this workflow; account: every workflow.',
});

export const keyField = z.string().min(1, 'Give a key').max(MAX_STORAGE_KEY_LENGTH).meta({
  title: 'Key',
  description:
    'The name the value is kept under, e.g. alerted:{$.steps.loop-1.item.id} (at most 256 characters).',
});
