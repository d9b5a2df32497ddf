// The fake Totango's data: accounts, users, tasks, touchpoints, campaign touches, and what the
// collector received. Plain objects so tests can seed and read them directly.

export interface FakeAccount {
  /** The account id (Totango calls it `name` in search hits). */
  id: string;
  display_name: string;
  status_group?: string;
  health?: string;
  last_activity_time?: number;
  attributes: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  display_name: string;
  account_id: string;
  first_activity_time?: number;
  last_activity_time?: number;
  attributes: Record<string, unknown>;
}

export interface FakeTask {
  id: number;
  account_id: string;
  title: string;
  description: string;
  priority: number;
  status: string;
  due_date: string | null;
  assignee: string | null;
  activity_type_id: string;
  external_id: string | null;
  /** Epoch ms of the last create or update. */
  last_updated: number;
  created: number;
}

export interface FakeTouchpoint {
  id: number;
  account_id: string;
  subject: string;
  content: string;
  activity_type_id: string | null;
  touchpointType: string | null;
  touchpoint_tags: string[];
  participants: string[];
  created_by: string | null;
  create_date: number;
  disable_sync: boolean;
  external_id: string | null;
  last_updated: number;
}

export interface FakeCampaignTouch {
  id: string;
  account_id: string;
  user_id: string | null;
  campaign_name: string;
  /** [assumed] `ongoing` or `one_time`, as the seed's subject tells them apart. */
  campaign_type: 'ongoing' | 'one_time';
  /** [assumed] The users of the account the campaign went to (default: user_id alone). */
  users: string[];
  /** [assumed] Who the campaign was sent from (an e-mail address). */
  sender: string | null;
  subject: string;
  timestamp: number;
}

/** [assumed] GET /api/v3/touchpoint-types/ answers a list of these (the shape is not documented). */
export interface FakeTouchpointType {
  id: string;
  display_name: string;
  disabled: boolean;
}

export interface CollectorHit {
  method: string;
  params: Record<string, string>;
}

export interface FakeTotangoState {
  serviceId: string;
  accounts: FakeAccount[];
  users: FakeUser[];
  tasks: FakeTask[];
  touchpoints: FakeTouchpoint[];
  campaignTouches: FakeCampaignTouch[];
  activityTypes: Record<
    string,
    { activity_type_id: string; display_name: string; disabled: boolean }
  >;
  touchpointTypes: FakeTouchpointType[];
  collector: CollectorHit[];
  nextId: number;
}

export function defaultState(): FakeTotangoState {
  return {
    serviceId: 'SP-1234-01',
    accounts: [],
    users: [],
    tasks: [],
    touchpoints: [],
    campaignTouches: [],
    activityTypes: {
      renewal: { activity_type_id: 'renewal', display_name: 'Renewal', disabled: false },
      adoption: { activity_type_id: 'adoption', display_name: 'Adoption', disabled: false },
      onboarding: { activity_type_id: 'onboarding', display_name: 'Onboarding', disabled: false },
      legacy: { activity_type_id: 'legacy', display_name: 'Legacy flow', disabled: true },
    },
    touchpointTypes: [
      { id: '6f1c2a9e-0001-4c1e-9a55-0d5f1e2a3b01', display_name: 'Meeting', disabled: false },
      { id: '6f1c2a9e-0002-4c1e-9a55-0d5f1e2a3b02', display_name: 'Call', disabled: false },
      { id: '6f1c2a9e-0003-4c1e-9a55-0d5f1e2a3b03', display_name: 'Email', disabled: false },
      { id: '6f1c2a9e-0004-4c1e-9a55-0d5f1e2a3b04', display_name: 'Old type', disabled: true },
    ],
    collector: [],
    nextId: 1000,
  };
}

/** `n` accounts acc-0001 … with names Account 0001 …, for paging tests. */
export function manyAccounts(n: number): FakeAccount[] {
  return Array.from({ length: n }, (_, k) => {
    const id = String(k + 1).padStart(5, '0');
    return {
      id: `acc-${id}`,
      display_name: `Account ${id}`,
      status_group: k % 2 === 0 ? 'paying' : 'trial',
      attributes: { Plan: k % 3 === 0 ? 'Gold' : 'Silver' },
    };
  });
}
