const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from here on toISOString writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * `new Date(ms).toISOString()` in about a tenth of the time, for the request
 * path that stamps every request with its start: the date part is kept per
 * UTC day, the time of day is plain arithmetic. Falls back to toISOString
 * for anything but a whole ms in years 1970-9999 (a test clock, say).
 */
export function createIsoTime(): (ms: number) => string {
  let dayStart = Number.NaN;
  let datePrefix = '';
  return (ms) => {
    if (!Number.isSafeInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
    let t = ms - dayStart;
    if (!(t >= 0 && t < DAY_MS)) {
      dayStart = ms - (ms % DAY_MS);
      datePrefix = new Date(dayStart).toISOString().slice(0, 11);
      t = ms - dayStart;
    }
    const h = Math.floor(t / 3_600_000);
    const m = Math.floor(t / 60_000) % 60;
    const s = Math.floor(t / 1000) % 60;
    const l = t % 1000;
    return `${datePrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${l < 10 ? '00' : l < 100 ? '0' : ''}${l}Z`;
  };
}
