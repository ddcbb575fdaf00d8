// Who is signed in: GET /api/auth/me, cached; the role decides the home page and the menu.
import { useQuery } from '@tanstack/react-query';
import { api, type Role, type User } from './api';

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: api.me, staleTime: 5 * 60_000, retry: false });
}

/** The signed-in user; only called below the guard that waits for it. */
export function useUser(): User {
  const { data } = useMe();
  if (!data) throw new Error('useUser outside of a signed-in page');
  return data;
}

export function homeOf(role: Role): string {
  switch (role) {
    case 'secretary':
      return '/mon-portefeuille';
    case 'agent':
    case 'dgs':
      return '/a-traiter';
    default:
      return '/communes';
  }
}
