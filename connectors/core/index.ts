// The core connectors (HELPERS.md "Core connectors"): helpers without authentication that sit
// between two services. The editor lists them under "Helpers".
import type { ConnectorDef } from '../sdk/types.js';
import { dateConnector } from './date/index.js';
import { listConnector } from './list/index.js';
import { mapperConnector } from './mapper/index.js';
import { objectConnector } from './object/index.js';
import { scriptConnector } from './script/index.js';
import { storageConnector } from './storage/index.js';
import { textConnector } from './text/index.js';

export const coreConnectors: ConnectorDef[] = [
  storageConnector,
  mapperConnector,
  scriptConnector,
  textConnector,
  dateConnector,
  listConnector,
  objectConnector,
];

/** Their ids, for a UI that groups them (the connectors panel's "Helpers"). */
export const CORE_CONNECTOR_IDS = coreConnectors.map((c) => c.id);
