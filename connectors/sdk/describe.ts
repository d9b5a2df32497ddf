// The JSON of GET /api/connectors (API.md): what the editor needs to draw forms.
import { jsonSchema } from './resolve-auth.js';
import type { ConnectorDef } from './types.js';
import type { ConnectorDescription } from '../../wire/index.js';

/** One connector as GET /api/connectors answers it (wire/connector.ts; the editor parses it). */
export type { ConnectorDescription };

export function describeConnectorList(defs: readonly ConnectorDef[]): ConnectorDescription[] {
  return defs.map((c) => ({
    name: c.id,
    title: c.title,
    description: c.description,
    auth: c.auth
      ? {
          kind: c.auth.kind,
          title: c.auth.title,
          optional: c.authOptional === true,
          fields: jsonSchema(c.auth.fields, 'input'),
        }
      : null,
    operations: c.operations.map((o) => ({
      name: o.id,
      title: o.title,
      description: o.description,
      input: jsonSchema(o.input, 'input'),
      output: jsonSchema(o.output, 'output'),
      readOnly: (o.sideEffects ?? c.sideEffects) === false,
      ...(o.services
        ? {
            services: Object.entries(o.services).map(([name, d]) => ({
              name,
              kind: d.kind,
              fields: jsonSchema(d.fields, 'input'),
            })),
          }
        : {}),
    })),
  }));
}
