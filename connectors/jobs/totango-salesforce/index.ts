// The Totango <-> Salesforce sync jobs (docs/sync.md): operations that need both services'
// authentications. They reach each service only through its connector's index.ts. They are
// offered as operations of the salesforce connector (connectors/all.ts), because stored
// workflows name them salesforce.sync_* and operation ids never change (CONNECTORS.md).
import type { OperationDef } from '../../sdk/types.js';
import { syncCampaignTouchesOutbound } from './operations/campaign-touches-outbound.js';
import { syncTasksInbound } from './operations/tasks-inbound.js';
import { syncTasksOutbound } from './operations/tasks-outbound.js';
import { syncTouchpointsInbound } from './operations/touchpoints-inbound.js';
import { syncTouchpointsOutbound } from './operations/touchpoints-outbound.js';

/** In the order the editor lists them, after Salesforce's own operations. */
export const totangoSalesforceSync: OperationDef[] = [
  syncTasksInbound,
  syncTasksOutbound,
  syncTouchpointsInbound,
  syncTouchpointsOutbound,
  syncCampaignTouchesOutbound,
];
