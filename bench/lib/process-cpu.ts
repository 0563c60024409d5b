import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system) another process has used so far, in µs, read
 * from /proc (Linux only; undefined elsewhere or once the process is gone).
 *
 * The sum of each thread's `/proc/<pid>/task/<tid>/schedstat` (its time on
 * a CPU, in ns) where the kernel has it: /proc/<pid>/stat counts in ticks of
 * 10 ms, too coarse for one batch of requests at concurrency 1 (100 requests
 * of ~1 ms each are ~10 ticks). A thread that has exited is no longer summed;
 * a Node server's threads (main, libuv pool, V8 workers) live as long as the
 * process, and a difference is only taken between two reads of one process.
 * Falls back to the ticks of /proc/<pid>/stat (every thread, exited ones
 * included).
 */
export function processCpuMicros(pid: number): number | undefined {
  try {
    let nanos = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read: its time is gone with it.
      }
    }
    if (Number.isFinite(nanos) && nanos > 0) return nanos / 1000;
  } catch {
    // No task listing (not Linux, or the process is gone): try stat below.
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
  } catch {
    return undefined;
  }
}
