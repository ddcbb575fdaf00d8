// Small shared hooks: the page title, and "today" on the server's clock.
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import { parisDay } from './format';

/** Every page has its own title (RGAA 8.6): « Page — À la carte ». */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — À la carte`;
  }, [title]);
}

/**
 * Today in Paris on the server's clock (GET /health reports it). The rules compare dates with that clock,
 * which may be a manual one in a demo, so the forms default to it rather than to the browser's date.
 */
export function useServerNow(): Date {
  const { data } = useQuery({ queryKey: ['health'], queryFn: api.health, staleTime: 60_000, retry: false });
  return data?.clock?.now ? new Date(data.clock.now) : new Date();
}

export function useServerToday(): string {
  return parisDay(useServerNow());
}
