// `inferTypes`: CSV cells are text; with this on, a cell that plainly is a number or a
// boolean becomes one, and an empty cell becomes null. Values that only look numeric but
// would lose meaning as numbers (leading zeros like zip codes "02134", integers too long
// to hold exactly like phone or account numbers) stay text.

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function inferValue(cell: string): string | number | boolean | null {
  if (cell === '') return null;
  const lower = cell.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (!NUMBER.test(cell)) return cell;
  const unsigned = cell.replace(/^[+-]/, '');
  if (/^0\d/.test(unsigned)) return cell;
  const value = Number(cell);
  if (!Number.isFinite(value)) return cell;
  if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(cell)) return cell;
  return value;
}
