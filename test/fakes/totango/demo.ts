// The accounts the Tray tutorial finds in the fake Totango (serve.ts and the tutorial test).
import type { FakeAccount } from './state.js';

export const demoAccounts: Array<Partial<FakeAccount> & { id: string }> = [
  {
    id: 'acc-001',
    display_name: 'Acme Inc',
    status_group: 'paying',
    health: 'Good',
    attributes: { 'Success Manager': 'Jane Doe' },
  },
  {
    id: 'acc-002',
    display_name: 'Initech',
    status_group: 'trial',
    health: 'Risk',
    attributes: { 'Success Manager': 'Bob Roe' },
  },
  {
    id: 'acc-003',
    display_name: 'Globex',
    status_group: 'paying',
    health: 'Risk',
    attributes: { 'Success Manager': 'Jane Doe' },
  },
  {
    id: 'acc-004',
    display_name: 'Umbrella',
    status_group: 'paying',
    health: 'Good',
    attributes: { 'Success Manager': 'Ann Poe' },
  },
];
