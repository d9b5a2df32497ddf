#!/usr/bin/env node
// `npx stepwise run workflow.json`: a tiny shim so the CLI can be written in TypeScript.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
await main(process.argv.slice(2));
