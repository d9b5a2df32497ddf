// What the fake Totango answers with: a status, a JSON body (or the collector's GIF), headers;
// and the envelope shapes of api-reference §1.2.
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function failed(serviceId: string, message: string): Record<string, unknown> {
  return {
    status: 'failed',
    _error: message,
    service_id: serviceId,
    _type: 'error',
    _version: 1,
    _revision: 'r100',
  };
}

export function success(
  serviceId: string,
  response: Record<string, unknown>,
): Record<string, unknown> {
  return {
    status: 'success',
    service_id: serviceId,
    _type: 'search-result',
    _version: 1,
    _revision: 'r100',
    took: 3,
    response,
  };
}
