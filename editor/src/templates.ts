// "New from template": the example workflows in examples/*.json, bundled at build time.
import type { Workflow } from './graph/types.js';

const modules = import.meta.glob('../../examples/*.json', {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;

export interface Template {
  file: string;
  name: string;
  description: string;
  doc: Workflow;
}

export const templates: Template[] = Object.entries(modules)
  .map(([path, doc]) => ({ path, doc: doc as Partial<Workflow> }))
  .filter(
    ({ doc }) =>
      doc &&
      typeof doc === 'object' &&
      typeof doc.name === 'string' &&
      doc.trigger &&
      Array.isArray(doc.steps ?? []),
  )
  .map(({ path, doc }) => ({
    file: path.split('/').pop() ?? path,
    name: doc.name as string,
    description: doc.description ?? '',
    doc: doc as Workflow,
  }))
  .sort((a, b) => a.name.localeCompare(b.name));
