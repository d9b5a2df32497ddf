import { searchFormOperation } from './search-form.js';

export const searchUsers = searchFormOperation(
  'users',
  'search_users',
  'Search users',
  'Find users by attribute values, with the columns you choose. Each hit has `name` (the user id), `account.name` and `fields` keyed by column.',
);
