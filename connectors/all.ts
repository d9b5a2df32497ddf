// Every connector Stepwise ships. Add one import and one entry per connector.
import type { ConnectorDef } from './sdk/types.js';
import { httpConnector } from './http/index.js';
import { totango } from './totango/index.js';
import { slackConnector } from './slack/index.js';
import { fileConnector } from './file/index.js';
import { salesforceConnector } from './salesforce/index.js';

export const allConnectors: ConnectorDef[] = [
  httpConnector,
  totango,
  slackConnector,
  fileConnector,
  salesforceConnector,
];
