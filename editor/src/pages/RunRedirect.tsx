import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { navigate } from '../routes.js';

/** `#/runs/<runId>` (failure notifications link here): open the run's workflow with the debug panel on that run. */
export function RunRedirect({ runId }: { runId: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.run(runId).then(
      (run) => {
        sessionStorage.setItem('stepwise:open-run', runId);
        navigate(`/workflows/${encodeURIComponent(run.workflowId)}`);
      },
      (err: Error) => setError(err.message),
    );
  }, [runId]);
  return (
    <div className="loading">
      {error ? `Could not open run ${runId}: ${error}` : 'Opening the run…'}
    </div>
  );
}
