import { AegisError } from '../errors.js';

/** Awaits a promise that must fail with an AegisError, and returns that error. */
export async function failureOf(promise: Promise<unknown>): Promise<AegisError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AegisError) return error;
    throw new Error(`expected an AegisError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a failure, but the promise resolved');
}
