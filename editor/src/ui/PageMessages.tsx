// A page's one-line messages, the same everywhere: what went wrong (an alert, read out at
// once) and what just happened (a status). Nothing is shown when there is nothing to say.

/** What went wrong, as `<p class="error" role="alert">`. */
export function ErrorAlert({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/** What just happened (saved, deleted, imported), as `<p class="muted" role="status">`. */
export function Notice({ notice }: { notice: string | null | undefined }) {
  if (!notice) return null;
  return (
    <p className="muted" role="status">
      {notice}
    </p>
  );
}
