// Renaming in place, in a table row (workflows, authentications): the new name, Save, Cancel.
// The page keeps the name being typed, so it decides when the form shows and what Save does.

export function RenameForm({
  name,
  onChange,
  onSave,
  onCancel,
}: {
  name: string;
  onChange: (name: string) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <input
        aria-label="New name"
        autoFocus
        value={name}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
