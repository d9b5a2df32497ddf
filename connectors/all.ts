// Every connector Stepwise ships. Add one import and one entry per connector.
import type { ConnectorDef } from './sdk/types.js';
import { httpConnector } from './http/index.js';
import { totango } from './totango/index.js';
import { slackConnector } from './slack/index.js';
import { fileConnector } from './file/index.js';
import { salesforceConnector } from './salesforce/index.js';
import { totangoSalesforceSync } from './jobs/totango-salesforce/index.js';
import { coreConnectors } from './core/index.js';

export const allConnectors: ConnectorDef[] = [
  httpConnector,
  totango,
  slackConnector,
  fileConnector,
  // The sync jobs between Totango and Salesforce run under the salesforce connector's id:
  // stored workflows name them salesforce.sync_* (CONNECTORS.md: ids are stable forever).
  {
    ...salesforceConnector,
    operations: [...salesforceConnector.operations, ...totangoSalesforceSync],
  },
  ...coreConnectors,
];
