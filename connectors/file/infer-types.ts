// `inferTypes`: CSV cells are text; with this on, a cell that plainly is a number or a
// boolean becomes one, and an empty cell becomes null. Values that only look numeric but
// would lose meaning as numbers (leading zeros like zip codes "02134", integers too long
// to hold exactly like phone or account numbers) stay text.

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Could this cell start a number? (digits, sign, or a leading dot). Most text fails this at once. */
function startsNumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46;
}

export function inferValue(cell: string): string | number | boolean | null {
  if (cell === '') return null;
  const first = cell.charCodeAt(0);
  // Cheap checks first: this runs once per cell of files with millions of cells.
  if (cell.length === 4 || cell.length === 5) {
    const lower = cell.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  if (!startsNumeric(first) || !NUMBER.test(cell)) return cell;
  const unsigned = cell.replace(/^[+-]/, '');
  if (/^0\d/.test(unsigned)) return cell;
  const value = Number(cell);
  if (!Number.isFinite(value)) return cell;
  if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(cell)) return cell;
  return value;
}
