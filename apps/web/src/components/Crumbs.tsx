// The breadcrumb trail, in a navigation landmark of its own; the separators are not read aloud.
import { Breadcrumbs } from '@mantine/core';
import type { ReactNode } from 'react';

export function Crumbs({ children }: { children: ReactNode }) {
  return (
    <nav aria-label="Fil d’Ariane">
      <Breadcrumbs separator={<span aria-hidden="true">/</span>}>{children}</Breadcrumbs>
    </nav>
  );
}
