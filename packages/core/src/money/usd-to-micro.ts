import { parseScaledDecimal } from './parse-scaled-decimal.js';

/** Micro-units per unit of currency: amounts are kept as integer micro-USD. */
export const MICRO_PER_UNIT = 1_000_000;

/**
 * A USD amount (`12.50`, `"0.1"`, `"12.345678"`) as integer micro-USD, parsed
 * exactly from its decimal text: `"0.1"` -> `100000`, never `100000.00000000001`.
 *
 * More than 6 decimals are rounded half up (`"0.0000005"` -> `1`,
 * `"0.0000004"` -> `0`): a millionth of a dollar is below anything a budget
 * can mean, so rejecting such input would only annoy.
 *
 * Returns `undefined` when the value is not a decimal number or is too large
 * to be held exactly (beyond ~9 billion USD). Negative amounts are returned
 * as negative numbers; callers that need a limit reject them.
 */
export function usdToMicro(value: string | number): number | undefined {
  const micro = parseScaledDecimal(value, 6);
  if (micro === undefined) return undefined;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (micro > max || micro < -max) return undefined;
  return Number(micro);
}
