// The fake Totango's state plus the helpers that seed and read it.
import {
  defaultState,
  type FakeAccount,
  type FakeCampaignTouch,
  type FakeTask,
  type FakeTotangoState,
  type FakeTouchpoint,
  type FakeUser,
} from './state.js';

export interface FakeStore {
  state: FakeTotangoState;
  now: () => number;
  /** A strictly increasing epoch-ms time for last_updated. */
  stamp(): number;
  addAccount(a: Partial<FakeAccount> & { id: string }): FakeAccount;
  addUser(u: Partial<FakeUser> & { id: string; account_id: string }): FakeUser;
  addTask(t: Partial<FakeTask> & { account_id: string }): FakeTask;
  addTouchpoint(t: Partial<FakeTouchpoint> & { account_id: string }): FakeTouchpoint;
  addCampaignTouch(c: Partial<FakeCampaignTouch> & { account_id: string }): FakeCampaignTouch;
  task(id: number | string): FakeTask | undefined;
  touchpoint(id: number | string): FakeTouchpoint | undefined;
  accountExists(id: unknown): boolean;
}

export function createStore(now: () => number): FakeStore {
  const state = defaultState();
  let last = 0;
  // Strictly increasing, so "last update wins" comparisons in sync tests are never ties by accident.
  const stamp = (): number => (last = Math.max(now(), last + 1));
  return {
    state,
    now,
    stamp,
    addAccount(a) {
      const acc: FakeAccount = { display_name: a.id, attributes: {}, ...a };
      state.accounts.push(acc);
      return acc;
    },
    addUser(u) {
      const user: FakeUser = { display_name: u.id, attributes: {}, ...u };
      state.users.push(user);
      return user;
    },
    addTask(t) {
      const at = t.last_updated ?? stamp();
      const task: FakeTask = {
        id: t.id ?? state.nextId++,
        title: 'Task',
        description: '',
        priority: 2,
        status: 'open',
        due_date: null,
        assignee: null,
        activity_type_id: 'renewal',
        external_id: null,
        created: at,
        last_updated: at,
        ...t,
      };
      state.tasks.push(task);
      return task;
    },
    addTouchpoint(t) {
      const at = t.last_updated ?? stamp();
      const tp: FakeTouchpoint = {
        id: t.id ?? state.nextId++,
        subject: '',
        content: '',
        activity_type_id: null,
        touchpointType: null,
        touchpoint_tags: [],
        participants: [],
        created_by: null,
        create_date: at,
        disable_sync: false,
        external_id: null,
        last_updated: at,
        ...t,
      };
      state.touchpoints.push(tp);
      return tp;
    },
    addCampaignTouch(c) {
      const touch: FakeCampaignTouch = {
        id: `ct-${state.nextId++}`,
        user_id: null,
        campaign_name: 'Campaign',
        campaign_type: 'ongoing',
        sender: null,
        subject: '',
        timestamp: stamp(),
        ...c,
        users: c.users ?? (c.user_id ? [c.user_id] : []),
      };
      state.campaignTouches.push(touch);
      return touch;
    },
    task: (id) => state.tasks.find((t) => String(t.id) === String(id)),
    touchpoint: (id) => state.touchpoints.find((t) => String(t.id) === String(id)),
    accountExists: (id) => state.accounts.some((a) => a.id === id),
  };
}
