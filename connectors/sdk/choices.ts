// Dynamic choices: an input field whose value is one of a list the service keeps (a Totango
// activity type, a Salesforce object or field). The field says which operation lists the
// choices, in its schema's meta; GET /api/connectors carries it in the input's JSON Schema as
// `choices`, and the editor offers the list as a picker (free text stays possible).
// connectors/README.md ("Dynamic choices") and docs/api.md describe the shape for the editor.

/** Input for the listing operation: a literal value, or the value of another input field of the step. */
export type ChoiceInput = string | number | boolean | { field: string };

export interface DynamicChoices {
  /** The operation that lists the choices (one of the same connector unless `connector` says). */
  operation: string;
  /** Another connector's operation, e.g. a sync step (salesforce) listing Totango activity types. */
  connector?: string;
  /**
   * The listing operation's input. `{ field: 'object' }` takes the value of the step's input
   * field `object` (a dotted path from the input's root); when that field is empty or mapped,
   * there is nothing to list and the editor keeps a plain text box.
   */
  input?: Record<string, ChoiceInput>;
  /** Where the list is in the listing operation's output, a dotted path (`types`, `fields`). */
  items: string;
  /** The property of each item that becomes the field's value (`id`, `name`). */
  value: string;
  /** The property of each item shown to the person (`name`, `label`). */
  label: string;
  /** Only the items whose properties have these values (e.g. `{ externalId: true }`). */
  where?: Record<string, string | number | boolean>;
  /**
   * What a choice fills: the field's value (default), or a key of an object field (the field
   * names of a Salesforce record's `fields`). On a list field, the meta sits on its items.
   */
  fills?: 'value' | 'key';
}

/**
 * The meta to spread into a field's `.meta()`:
 *
 *     activity_type_id: z.string().meta({ title: 'Flow', ...choices({ operation: 'list_activity_types', items: 'types', value: 'id', label: 'name' }) })
 */
export function choices(declaration: DynamicChoices): { choices: DynamicChoices } {
  return { choices: declaration };
}
