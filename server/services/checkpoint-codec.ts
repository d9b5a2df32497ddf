// How a checkpoint's position is stored (run_checkpoints; the outputs it names are in
// run_outputs, see server/runs/checkpoint-store.ts). A loop's cursor may hold an item, and a
// connector may have echoed a secret into one; so once a run has used an authentication, its
// positions are stored encrypted (`enc:` + base64 of the cipher's blob).
import type { Checkpoint } from '../../engine/index.js';
import type { Cipher } from './cipher.js';

const ENC = 'enc:';

export function createCheckpointCodec(cipher: Cipher) {
  return {
    isEncrypted: (text: string | null): boolean => text?.startsWith(ENC) ?? false,
    read: (text: string): Checkpoint =>
      JSON.parse(
        text.startsWith(ENC)
          ? cipher.decrypt(Buffer.from(text.slice(ENC.length), 'base64'), 'checkpoint')
          : text,
      ) as Checkpoint,
    write(checkpoint: object, encrypt: boolean): string {
      const text = JSON.stringify(checkpoint);
      return encrypt ? ENC + cipher.encrypt(text, 'checkpoint').toString('base64') : text;
    },
  };
}
