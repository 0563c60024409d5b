import { useState } from 'preact/hooks';
import type { SessionInfo } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';

/** Login with the server token; the session then lives in an HttpOnly cookie the page never sees. */
export function LoginPage({ onLogin }: { onLogin: (info: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const info = await api<SessionInfo>('POST', '/login', { token });
      setToken('');
      onLogin(info);
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <form class="card" onSubmit={submit}>
        <h1>Aegis LLM admin</h1>
        <p class="hint">
          Log in with the server token: printed when <code>aegis-llm serve</code> starts, or the value of AEGIS_LLM_TOKEN.
        </p>
        <Field id="token" label="Server token" error={errors.fields.token}>
          <input
            id="token"
            type="password"
            autocomplete="current-password"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            aria-describedby={errors.fields.token === undefined ? undefined : 'token-error'}
            required
          />
        </Field>
        <FormError message={errors.form} list={errors.formList} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}
