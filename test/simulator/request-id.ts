/**
 * Request ids shaped like DashScope's (a UUID), but counted so that a test run
 * is repeatable and ids say in which order requests came.
 */
export function createRequestIds(): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `00000000-0000-4000-8000-${next.toString(16).padStart(12, '0')}`;
  };
}
