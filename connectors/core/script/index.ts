// The script connector (HELPERS.md "script"): a few lines of JavaScript when nothing else fits,
// run in a QuickJS WebAssembly sandbox (connectors/core/sandbox/).
import { defineConnector } from '../../sdk/types.js';
import { SANDBOX_SETTINGS } from '../sandbox/limits.js';
import { runOperation } from './operations/run.js';

export const scriptConnector = defineConnector({
  id: 'script',
  title: 'Script',
  description:
    'Run a few lines of JavaScript on your data, in a sandbox with no network, files or secrets.',
  auth: null,
  env: SANDBOX_SETTINGS,
  operations: [runOperation],
});
