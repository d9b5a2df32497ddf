// The files under Data files, as suggestions for a text field whose schema says
// `suggest: "data-files"` (the File connector's path): <input list={DATA_FILES_LIST}>.
import { useEffect, useState } from 'react';
import { shellApi } from '../api/shell-api.js';

export const DATA_FILES_LIST = 'stepwise-data-files';

/** Rendered once by the builder; read when it opens (files uploaded meanwhile: reopen it). */
export function DataFilesList() {
  const [paths, setPaths] = useState<string[]>([]);
  useEffect(() => {
    // Suggestions only: without them the field is plain text, so a failure is not shown.
    shellApi.files().then(
      (files) => setPaths(files.map((f) => f.path)),
      () => setPaths([]),
    );
  }, []);
  return (
    <datalist id={DATA_FILES_LIST}>
      {paths.map((p) => (
        <option key={p} value={p} />
      ))}
    </datalist>
  );
}
