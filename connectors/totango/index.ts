// The Totango connector (CONNECTORS.md "totango"): search, touchpoints, tasks, collector writes,
// and the raw HTTP universal operation.
import { defineConnector } from '../sdk/types.js';
import { totangoAuth } from './auth.js';
import { createTask } from './operations/create-task.js';
import { createTouchpoint } from './operations/create-touchpoint.js';
import { deleteTask } from './operations/delete-task.js';
import { getTask } from './operations/get-task.js';
import { deleteTouchpoint } from './operations/delete-touchpoint.js';
import { listActivityTypes } from './operations/list-activity-types.js';
import { listTouchpointTypes } from './operations/list-touchpoint-types.js';
import { listTouchpoints } from './operations/list-touchpoints.js';
import { updateTouchpoint } from './operations/update-touchpoint.js';
import { rawHttpRequest } from './operations/raw-http-request.js';
import { searchAccounts } from './operations/search-accounts.js';
import { searchDataRaw } from './operations/search-data-raw.js';
import { searchUsers } from './operations/search-users.js';
import { sendSegmentEvent } from './operations/send-segment-event.js';
import { setAccountAttributes } from './operations/set-account-attributes.js';
import { setUserAttributes } from './operations/set-user-attributes.js';
import { trackUsage } from './operations/track-usage.js';
import { updateTask } from './operations/update-task.js';

export {
  totangoAuth,
  totangoBaseUrl,
  totangoCollectorUrl,
  TOTANGO_HOSTS,
  type TotangoAuthFields,
} from './auth.js';
export { parseSearchQuery, runSearch, SEARCH_CEILING } from './search-query.js';
export { checkEnvelope, refuseFailedEnvelope } from './envelope.js';
export { activityTypeChoices, touchpointTypeChoices } from './type-lists.js';

export const totango = defineConnector({
  id: 'totango',
  title: 'Totango',
  description:
    'Customer success platform: search accounts and users, add touchpoints and tasks, set attributes, track usage.',
  auth: totangoAuth,
  env: [
    {
      name: 'TOTANGO_BASE_URL',
      default: "the region's REST host (https://api.totango.com, https://api-eu1.totango.com)",
      description:
        "Totango's REST API for every Totango authentication without its own base URL (a proxy, a test server)",
    },
    {
      name: 'TOTANGO_COLLECTOR_URL',
      default: "the region's collector (https://sdr.totango.com, https://sdr-eu1.totango.com)",
      description:
        "Totango's collector (attributes, usage) for every Totango authentication without its own collector URL",
    },
  ],
  operations: [
    searchDataRaw,
    searchAccounts,
    searchUsers,
    createTouchpoint,
    listTouchpoints,
    updateTouchpoint,
    deleteTouchpoint,
    listTouchpointTypes,
    listActivityTypes,
    createTask,
    updateTask,
    getTask,
    deleteTask,
    setAccountAttributes,
    setUserAttributes,
    trackUsage,
    sendSegmentEvent,
    rawHttpRequest,
  ],
});
