// V8 settings for the server process, applied as it starts (before any run).
//
// Allocation-site pretenuring off: V8 learns from a phase where objects made at one place in
// the code live long (the rows of a CSV being read, records waiting for their commit) and then
// creates every later object from that place directly in the old generation. A 100,000-item
// loop then fills the old generation with short-lived objects until a full collection, and
// the process's peak memory grows by 100 MB or more; without it, they die young as they
// should (docs/operations.md, "Memory").
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
