import { useEffect, useState } from 'preact/hooks';

export type PageId = 'providers' | 'routing' | 'budgets' | 'dashboard' | 'keys';

const IDS: readonly PageId[] = ['providers', 'routing', 'budgets', 'dashboard', 'keys'];

function current(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return (IDS as readonly string[]).includes(id) ? (id as PageId) : 'providers';
}

/** The page named by the URL hash (`#/budgets`): links and the back button work without a router library. */
export function useHashRoute(): PageId {
  const [page, setPage] = useState<PageId>(current);
  useEffect(() => {
    const update = () => setPage(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return page;
}
