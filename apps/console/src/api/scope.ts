import { useQuery } from '@tanstack/react-query';
import { useAuth } from '../auth/auth-context';
import { units } from './divisions.api';

/**
 * The code prefix statistics, imports and exports work on: the user's own county or township;
 * for a user who may see everything, the county at the root of the registry.
 */
export function useScope(): {
  scope: string | undefined;
  county: string | undefined;
  isPending: boolean;
  error: unknown;
} {
  const { session } = useAuth();
  const j = session?.jurisdiction;
  const needsRoot = j?.scope === 'all';
  const roots = useQuery({
    queryKey: ['units', 'roots'],
    queryFn: () => units.children(null),
    enabled: needsRoot,
  });
  if (!j) return { scope: undefined, county: undefined, isPending: true, error: null };
  if (j.scope !== 'all') {
    const code = j.codes[0];
    return { scope: code, county: code?.slice(0, 6), isPending: false, error: null };
  }
  const root = roots.data?.[0];
  const county = root ? root.code.slice(0, 6) : undefined;
  return { scope: county, county, isPending: roots.isPending, error: roots.error };
}
