// Imported first by main.tsx. zod (through the engine's workflow schema) probes whether it may
// compile validators with `new Function`; under the server's CSP (script-src 'self', no
// 'unsafe-eval') that probe is a CSP violation. Jitless mode never probes.
import { z } from 'zod';

z.config({ jitless: true });
