import { useEffect, useState } from 'preact/hooks';
import type { RoutingResponse } from '../../../src/admin/api/api-types.js';
import { Field } from '../components/field.js';
import { useResource } from '../use-resource.js';
import { ChainEditor } from './chain-editor.js';
import { useRouteCheck } from './use-route-check.js';

/** New tasks not saved yet survive a reload of the tab (sessionStorage: this tab only, gone with it). */
const DRAFTS_KEY = 'aegis-admin:routing-drafts';

function loadDrafts(): string[] {
  try {
    const saved: unknown = JSON.parse(window.sessionStorage.getItem(DRAFTS_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

/** Routing: per task type, the ordered targets tried one after the other. */
export function RoutingPage() {
  const routing = useResource<RoutingResponse>('/routing');
  const [newTask, setNewTask] = useState('');
  const [drafts, setDrafts] = useState<string[]>(loadDrafts);
  const data = routing.data;
  const nameCheck = useRouteCheck(newTask, []);
  const taskProblem = newTask.trim() === '' ? undefined : nameCheck.taskProblem;
  const suggestedName = /Try "([^"]+)"\.$/.exec(taskProblem ?? '')?.[1];
  useEffect(() => window.sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts)), [drafts]);

  return (
    <div class="page">
      <div class="page-head">
        <h1>Routing</h1>
        <p class="muted">
          Each task type tries its chain in order: retries, then the next target on failure or an exhausted budget. Targets of unconfigured providers are
          skipped.
        </p>
      </div>
      {routing.error !== undefined && <p class="form-error">{routing.error}</p>}
      {data === undefined ? (
        <p class="loading">Loading…</p>
      ) : (
        <>
          <datalist id="catalog-targets">
            {data.models.map((m) => (
              <option key={m.target} value={m.target} />
            ))}
          </datalist>
          <div class="grid wide">
            {data.tasks.map((task) => (
              <ChainEditor key={task.task} task={task} models={data.models} onSaved={routing.set} />
            ))}
            {drafts
              .filter((name) => !data.tasks.some((t) => t.task === name))
              .map((name) => (
                <ChainEditor
                  key={`draft-${name}`}
                  task={{ task: name, source: 'custom', chain: [] }}
                  models={data.models}
                  onSaved={(view) => {
                    setDrafts((list) => list.filter((n) => n !== name));
                    routing.set(view);
                  }}
                  onDiscard={() => setDrafts((list) => list.filter((n) => n !== name))}
                />
              ))}
          </div>
          <form
            class="card inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const name = newTask.trim();
              // The server checks again on save; a name it would refuse is not added.
              if (name === '' || taskProblem !== undefined) return;
              setDrafts((list) => (list.includes(name) ? list : [...list, name]));
              setNewTask('');
            }}
          >
            <Field id="new-task" label="Add a task type" hint='A name requests can use as "task", e.g. "translate".' error={taskProblem}>
              <input
                id="new-task"
                value={newTask}
                aria-invalid={taskProblem === undefined ? undefined : 'true'}
                aria-describedby={taskProblem === undefined ? undefined : 'new-task-error'}
                maxLength={data.taskNameRule.maxLength + 16}
                onInput={(e) => setNewTask(e.currentTarget.value)}
              />
              {suggestedName !== undefined && (
                <button type="button" class="link" onClick={() => setNewTask(suggestedName)}>
                  Use {suggestedName}
                </button>
              )}
            </Field>
            <button type="submit">Add task</button>
          </form>
        </>
      )}
    </div>
  );
}
