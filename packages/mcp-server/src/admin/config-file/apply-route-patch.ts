import { fieldsUnder, type FieldOfPath } from './config-path.js';
import { dropIfEmpty, objectAt, setEntry, type RawConfig } from './raw-config.js';

/** Sets a task's ordered chain in the file (it then replaces the built-in chain for that task). */
export function setRoute(draft: RawConfig, task: string, chain: string[]): void {
  setEntry(
    objectAt(draft, 'routes'),
    task,
    chain.map((target) => target.trim()),
  );
}

/** Removes the file's chain for a task: a built-in task goes back to its default chain. */
export function removeRoute(draft: RawConfig, task: string): void {
  delete objectAt(draft, 'routes')[task];
  dropIfEmpty(draft, 'routes');
}

/** `routes.chat[2]` -> `chain[2]`; `routes.chat` -> `chain`; the task name itself -> `task`. */
export function routeFieldOf(task: string): FieldOfPath {
  const inSection = fieldsUnder(['routes', task], (rest) => (rest === '' ? 'chain' : `chain${/^\[\d+\]/.exec(rest)?.[0] ?? ''}`));
  return (path) => inSection(path) ?? (path !== undefined && path.startsWith('routes') ? 'task' : undefined);
}
