import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../src/admin/api/api-types.js';
import { api, LOGGED_OUT_EVENT, setCsrfToken } from './api-client.js';
import { BudgetsPage } from './budgets/budgets-page.js';
import { ConfigChangedBanner } from './components/config-changed-banner.js';
import { DashboardPage } from './dashboard/dashboard-page.js';
import { KeysPage } from './keys/keys-page.js';
import { LoginPage } from './pages/login-page.js';
import { ProvidersPage } from './providers/providers-page.js';
import { RoutingPage } from './routing/routing-page.js';
import { useHashRoute, type PageId } from './use-hash-route.js';

const PAGES: ReadonlyArray<{ id: PageId; title: string }> = [
  { id: 'providers', title: 'Providers' },
  { id: 'routing', title: 'Routing' },
  { id: 'budgets', title: 'Budgets' },
  { id: 'dashboard', title: 'Cost dashboard' },
  { id: 'keys', title: 'Client keys' },
];

/** The shell: the login form until there is a session, then the pages behind a tab bar. */
export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const page = useHashRoute();
  /** Bumped by the banner's Reload: the page mounts again and fetches fresh data. */
  const [generation, setGeneration] = useState(0);

  const accept = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setSession(info);
  }, []);

  useEffect(() => {
    // Any failure (401 above all) shows the login form; it reports what goes wrong next.
    api<SessionInfo>('GET', '/session').then(accept, () => setSession(null));
    const loggedOut = () => setSession(null);
    window.addEventListener(LOGGED_OUT_EVENT, loggedOut);
    return () => window.removeEventListener(LOGGED_OUT_EVENT, loggedOut);
  }, [accept]);

  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <LoginPage onLogin={accept} />;

  const logout = async () => {
    await api('POST', '/logout').catch(() => undefined);
    setSession(null);
  };

  return (
    <div class="shell">
      <header class="topbar">
        <span class="brand">Aegis LLM</span>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a key={p.id} href={`#/${p.id}`} class={p.id === page ? 'active' : undefined} aria-current={p.id === page ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class="config-file" title="The config file this page writes">
          {session.configFile}
        </span>
        <button type="button" class="link" onClick={logout}>
          Log out
        </button>
      </header>
      <ConfigChangedBanner onReload={() => setGeneration((n) => n + 1)} />
      <main key={generation}>
        {page === 'providers' && <ProvidersPage />}
        {page === 'routing' && <RoutingPage />}
        {page === 'budgets' && <BudgetsPage />}
        {page === 'dashboard' && <DashboardPage />}
        {page === 'keys' && <KeysPage />}
      </main>
    </div>
  );
}
