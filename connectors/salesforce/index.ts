// Salesforce: SOQL, record CRUD, collections, describe, raw HTTP. The Totango sync jobs live in
// connectors/jobs/totango-salesforce/ and join this connector in connectors/all.ts (their ids
// are salesforce.sync_*). The exports below are this connector's public face for such jobs:
// import Salesforce from here, never from its other files.
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
import { listObjects } from './operations/list-objects.js';
import { rawHttpRequest } from './operations/raw-http-request.js';

export { salesforceAuth, type SalesforceAuthFields } from './auth.js';
export { openSession, type SalesforceSession } from './session.js';
export { chunks, fieldChoices, limitInfo } from './common.js';
export { deleteCollection, writeCollection, type CollectionResult } from './collections.js';
export { externalIdOf, looksLikeSalesforceId, restoreIdCase } from './ids.js';
export { runSoql, soqlDateTime, soqlString, type SalesforceRecord } from './query.js';

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
    listObjects,
    rawHttpRequest,
  ],
});
