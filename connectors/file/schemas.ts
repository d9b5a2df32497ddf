// Input fields shared by the file operations, with the titles and help the editor shows.
import { z } from 'zod';

export const pathField = z.string().min(1, 'Give a file path').max(1000).meta({
  title: 'Path',
  description: 'Relative to the files folder, e.g. "accounts.csv" or "exports/2026/accounts.csv".',
  // The editor offers the files uploaded under Data files (any other path can still be typed).
  suggest: 'data-files',
});

export const formatField = z.enum(['csv', 'json', 'ndjson', 'text']).meta({
  title: 'Format',
  description:
    'csv: a header row, then one row per line. json: one JSON value. ndjson: one JSON value per line. text: plain text.',
});

export const delimiterField = z.string().min(1).max(10).optional().meta({
  title: 'Delimiter',
  description: 'What separates the fields of a CSV row: "," (default), ";", "|" or "tab".',
});

export const formulasField = z.boolean().default(true).meta({
  title: 'Neutralise formulas',
  description:
    "CSV only: a text cell starting with =, +, -, @, a tab or a carriage return gets a leading ' so a spreadsheet shows it as text instead of running it as a formula (CSV injection). Turn off only for a file no spreadsheet will open.",
});

export const encodingField = z.enum(['utf8', 'utf16le', 'latin1']).default('utf8').meta({
  title: 'Encoding',
  description: 'utf8 (default) fits almost every file; latin1 for old Windows exports.',
});

export const columnsField = z.array(z.string()).min(1).optional().meta({
  title: 'Columns',
  description:
    'Which fields to write, in this order. Default: every field of the rows, in the order first seen.',
});

export const rowsField = z
  .array(z.record(z.string(), z.unknown()))
  .meta({ title: 'Rows', description: 'A list of objects, one per row; each key is a column.' });
