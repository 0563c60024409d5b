/** Self time per function and per source area from a V8 CPU profile (`.cpuprofile`). */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  percent: number;
}

/** Where a script lives, in a few words: a package, a core folder, Node itself. */
export function areaOf(url: string): string {
  if (url === '') return '(native / GC / idle)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg && !url.includes('/packages/core/')) return pkg[1]!;
  const core = /packages\/core\/(?:dist|src)\/(.+)\/[^/]+$/.exec(url);
  if (core) return `core/${core[1]}`;
  const bench = /\/bench\/(.+)$/.exec(url);
  if (bench) return `bench/${bench[1]}`;
  return url.replace(/^file:\/\/.*\/work\/main\//, '');
}

export function summarizeProfile(profile: CpuProfile, top = 25): { total: number; functions: ProfileLine[]; areas: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += micros;
    const short = url.replace(/^file:\/\/.*?\/(node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?|work\/main\/)/, '');
    const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + micros);
    const a = functionName === '(garbage collector)' ? '(garbage collector)' : areaOf(url);
    area.set(a, (area.get(a) ?? 0) + micros);
  }
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: Math.round(micros / 100) / 10, percent: Math.round((micros / total) * 1000) / 10 }));
  return { total: total / 1000, functions: lines(fn), areas: lines(area) };
}
