import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { runLink } from '../routes.js';

/** `#/runs/<runId>` (failure notifications link here): open the run in its workflow's builder, on the version it ran. */
export function RunRedirect({ runId }: { runId: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.run(runId).then(
      // Replaced, not pushed: Back must not land on this redirect again.
      (run) => window.location.replace(runLink(run.workflowId, runId)),
      (err: Error) => setError(err.message),
    );
  }, [runId]);
  return (
    <div className="loading">
      {error ? `Could not open run ${runId}: ${error}` : 'Opening the run…'}
    </div>
  );
}
