/**
 * The public surface of the cost ledger, budgets and alerts, for
 * packages/core/src/index.ts to re-export.
 */
export { createLedger, type CreateLedgerOptions } from './create-ledger.js';
export type {
  Ledger,
  LedgerConfig,
  ReserveRequest,
  Reservation,
  RequestReport,
  UnreservedReport,
  SettleResult,
  UsageReport,
  UsageReportQuery,
} from './ledger.js';
export type { LedgerOutcome, LedgerRecord } from './ledger-record.js';
export type * from './store.js';
export type { UsageTotals } from './usage-totals.js';
export type { Clock } from '../time/clock.js';
export { createStderrLogger, type Logger } from './logger.js';
export { openEmbeddedStore, type EmbeddedStoreOptions } from './embedded/open-embedded-store.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory/create-memory-store.js';
export type * from '../budget/budget-status.js';
export { formatUsd, money, usdToMicroUsd, type Money } from '../budget/money.js';
export { createPeriodCalendar, type CalendarPeriod, type PeriodCalendar } from '../budget/create-period-calendar.js';
export type { AlertNotifier, BudgetAlert } from '../alerts/budget-alert.js';
export type { AlertPayload } from '../alerts/build-alert-payload.js';
export { toOutboxAlert, type AlertInput } from '../alerts/to-outbox-alert.js';
