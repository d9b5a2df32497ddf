import { searchFormOperation } from './search-form.js';

export const searchAccounts = searchFormOperation(
  'accounts',
  'search_accounts',
  'Search accounts',
  'Find accounts by attribute values, with the columns you choose. Each hit has `name` (the account id), `display_name` and `fields` keyed by column.',
);
