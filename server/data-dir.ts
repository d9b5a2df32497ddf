// The data folder holds the database, the key that decrypts every authentication, and the
// users' files: only the account Stepwise runs as may enter it (0700), whatever the umask.
import { chmodSync, mkdirSync } from 'node:fs';

export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask and does not change a folder that already exists.
  chmodSync(dir, 0o700);
}
