// Salesforce: SOQL, record CRUD, collections, describe, raw HTTP, and the Totango sync jobs.
import { defineConnector } from '../sdk/types.js';
import { salesforceAuth } from './auth.js';
import { soqlQuery } from './operations/soql-query.js';
import { getRecord } from './operations/get-record.js';
import { createRecord } from './operations/create-record.js';
import { updateRecord } from './operations/update-record.js';
import { upsertRecord } from './operations/upsert-record.js';
import { deleteRecord } from './operations/delete-record.js';
import { createRecords } from './operations/create-records.js';
import { updateRecords } from './operations/update-records.js';
import { describeObject } from './operations/describe-object.js';
import { rawHttpRequest } from './operations/raw-http-request.js';
import { syncTasksInbound } from './sync/tasks-inbound.js';
import { syncTasksOutbound } from './sync/tasks-outbound.js';
import { syncTouchpointsInbound } from './sync/touchpoints-inbound.js';
import { syncTouchpointsOutbound } from './sync/touchpoints-outbound.js';
import { syncCampaignTouchesOutbound } from './sync/campaign-touches-outbound.js';

export const salesforceConnector = defineConnector({
  id: 'salesforce',
  title: 'Salesforce',
  description:
    'Query, read and write Salesforce records over the REST API, and keep Totango tasks and touchpoints in step with Salesforce tasks and events.',
  auth: salesforceAuth,
  env: [
    {
      name: 'SALESFORCE_LOGIN_URL',
      default: 'https://login.salesforce.com',
      description:
        'the Salesforce login host for every Salesforce authentication without its own login URL; `sandbox` means https://test.salesforce.com',
    },
  ],
  operations: [
    soqlQuery,
    getRecord,
    createRecord,
    updateRecord,
    upsertRecord,
    deleteRecord,
    createRecords,
    updateRecords,
    describeObject,
    rawHttpRequest,
    syncTasksInbound,
    syncTasksOutbound,
    syncTouchpointsInbound,
    syncTouchpointsOutbound,
    syncCampaignTouchesOutbound,
  ],
});
