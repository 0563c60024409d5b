import { ledgerStoreContract } from '../test-support/ledger-store-contract.js';
import { createMemoryStore } from './create-memory-store.js';

ledgerStoreContract('memory', async (clock, logger) => createMemoryStore({ clock, logger }));
