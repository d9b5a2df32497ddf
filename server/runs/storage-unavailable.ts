// A host without the storage connector's store (a queue worker, until its Redis store exists):
// each storage step fails saying so, rather than keeping values only for the run (memory), which
// would silently forget "already alerted" marks and counters between runs.
import { StepError, type StepStorage } from '../../engine/index.js';

export function storageUnavailable(where: string): StepStorage {
  const fail = async (): Promise<never> => {
    throw new StepError(
      'INTERNAL',
      `The storage connector is not available ${where} yet: run workflows that use it without REDIS_URL (embedded mode) for now`,
    );
  };
  return { get: fail, set: fail, append: fail, increment: fail, delete: fail, listKeys: fail };
}
