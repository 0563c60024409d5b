import { z } from 'zod';

/** The core's Money: exact integer micro-USD plus a display string. */
export const moneySchema = z.object({
  microUsd: z.number().describe('Integer micro-USD (1,000,000 = $1).'),
  usd: z.string().describe('For people: "$0.001234".'),
});
