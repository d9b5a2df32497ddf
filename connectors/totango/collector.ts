// Writes through Totango's HTTP collector (`/pixel.gif/`): account and user attributes and
// usage events, as query parameters. The collector takes no token, only the Service ID, and
// answers 200 whenever the request arrived (not whether the data was valid).
import { StepError } from '../../engine/errors/step-error.js';
import type { ConnectorEnv, HttpClient } from '../sdk/types.js';
import { totangoCollectorUrl, type TotangoAuthFields } from './auth.js';

export type Attributes = Record<string, string | number | boolean | null>;

export function requireServiceId(auth: TotangoAuthFields, operation: string): string {
  if (!auth.serviceId) {
    throw new StepError(
      'AUTH_MISSING',
      `"${operation}" needs the Totango Service ID (it looks like SP-1234-01). Add it to the Totango authentication; you find it in Totango under Settings → Integrations.`,
      {
        details: { field: 'serviceId' },
      },
    );
  }
  return auth.serviceId;
}

/** `prefix.<name>` for each attribute; booleans become true/false text, null clears with an empty value. */
export function attributeParams(
  prefix: 'sdr_o' | 'sdr_u',
  attributes: Attributes,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes))
    out[`${prefix}.${name}`] = value === null ? '' : String(value);
  return out;
}

export async function sendToCollector(
  http: HttpClient,
  auth: TotangoAuthFields,
  env: ConnectorEnv,
  params: Record<string, string>,
  opts: { paced?: boolean } = {},
): Promise<{ sent: boolean; params: Record<string, string> }> {
  await http.request({
    method: 'GET',
    url: `${totangoCollectorUrl(auth, env)}/pixel.gif/`,
    query: params,
    withoutCredentials: true,
    ...(opts.paced ? { paced: true } : {}),
  });
  return { sent: true, params };
}
