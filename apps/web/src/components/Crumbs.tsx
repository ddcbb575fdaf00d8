// The breadcrumb trail, in a navigation landmark of its own; the separators are not read aloud.
import { Breadcrumbs } from '@mantine/core';
import type { ReactNode } from 'react';

export function Crumbs({ children }: { children: ReactNode }) {
  return (
    <nav aria-label="Fil d’Ariane">
      {/* A long service name wraps on a phone instead of widening the page. */}
      <Breadcrumbs separator={<span aria-hidden="true">/</span>} styles={{ root: { flexWrap: 'wrap', rowGap: 4 }, breadcrumb: { whiteSpace: 'normal', lineHeight: 1.4 } }}>
        {children}
      </Breadcrumbs>
    </nav>
  );
}
