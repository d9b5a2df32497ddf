// sObject Collections (/composite/sobjects): at most 200 records a call, per-record results in
// request order whose errors carry `statusCode` (not `errorCode`), optional allOrNone rollback.
import { SfError, type SfRecord } from './errors.js';
import type { SalesforceStore } from './store.js';

export interface CollectionResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

type Write = (rec: SfRecord) => { id: string; created?: boolean };

function run(
  store: SalesforceStore,
  records: SfRecord[],
  allOrNone: boolean,
  write: Write,
): CollectionResult[] {
  if (records.length > 200) {
    throw new SfError(
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call',
    );
  }
  const snapshot = store.snapshot();
  const results: CollectionResult[] = records.map((rec) => {
    try {
      const { id, created } = write(rec);
      return { id, success: true, errors: [], ...(created === undefined ? {} : { created }) };
    } catch (err) {
      if (!(err instanceof SfError)) throw err;
      return {
        success: false,
        errors: [{ statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] }],
      };
    }
  });
  if (allOrNone && results.some((r) => !r.success)) {
    store.restore(snapshot);
    return results.map((r) =>
      r.success
        ? {
            success: false,
            errors: [
              {
                statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                message:
                  'Record rolled back because not all records were valid and the request was using AllOrNone header',
                fields: [],
              },
            ],
          }
        : r,
    );
  }
  return results;
}

function typeOf(rec: SfRecord): string {
  const type = (rec.attributes as { type?: string } | undefined)?.type;
  if (!type) throw new SfError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  return type;
}

export function createCollection(
  store: SalesforceStore,
  records: SfRecord[],
  allOrNone: boolean,
): CollectionResult[] {
  return run(store, records, allOrNone, (rec) => {
    const { attributes: _attributes, ...fields } = rec;
    if ('Id' in fields || 'id' in fields)
      throw new SfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
    return { id: store.insert(typeOf(rec), fields).Id as string };
  });
}

export function updateCollection(
  store: SalesforceStore,
  records: SfRecord[],
  allOrNone: boolean,
): CollectionResult[] {
  return run(store, records, allOrNone, (rec) => {
    const { attributes: _attributes, id, Id, ...fields } = rec;
    const recordId = String(id ?? Id ?? '');
    if (!recordId)
      throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
    store.change(typeOf(rec), recordId, fields);
    return { id: recordId };
  });
}

export function deleteCollection(
  store: SalesforceStore,
  ids: string[],
  allOrNone: boolean,
): CollectionResult[] {
  return run(
    store,
    ids.map((id) => ({ id })),
    allOrNone,
    (rec) => {
      const id = String(rec.id);
      const hit = store.findById(id);
      if (!hit) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
      store.remove(hit.def.name, id);
      return { id };
    },
  );
}
