import type { LedgerDocument } from './ledger-document.js';
import { getOwn } from '../../util/own-entry.js';

/** Providers whose live allowances of `period` are asked back at `now` (reserve-in-document.ts). */
export function readReclaimsFromDocument(doc: LedgerDocument, period: string, now: number): string[] {
  const byProvider = getOwn(doc.reclaims ?? {}, period) ?? {};
  return Object.keys(byProvider).filter((provider) => (getOwn(byProvider, provider) ?? 0) > now);
}
