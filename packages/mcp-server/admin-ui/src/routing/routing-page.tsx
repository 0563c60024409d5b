import { useState } from 'preact/hooks';
import type { RoutingResponse } from '../../../src/admin/api/api-types.js';
import { Field } from '../components/field.js';
import { useResource } from '../use-resource.js';
import { ChainEditor } from './chain-editor.js';

/** Routing: per task type, the ordered targets tried one after the other. */
export function RoutingPage() {
  const routing = useResource<RoutingResponse>('/routing');
  const [newTask, setNewTask] = useState('');
  const [drafts, setDrafts] = useState<string[]>([]);
  const data = routing.data;

  return (
    <div class="page">
      <div class="page-head">
        <h1>Routing</h1>
        <p class="muted">
          Each task type tries its chain in order: retries, then the next target on failure or an exhausted budget. Targets of
          unconfigured providers are skipped.
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
                />
              ))}
          </div>
          <form
            class="card inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (newTask.trim() !== '') setDrafts((list) => [...list, newTask.trim()]);
              setNewTask('');
            }}
          >
            <Field id="new-task" label="Add a task type" hint='A name requests can use as "task", e.g. "translate".'>
              <input id="new-task" value={newTask} onInput={(e) => setNewTask(e.currentTarget.value)} />
            </Field>
            <button type="submit">Add task</button>
          </form>
        </>
      )}
    </div>
  );
}
