// Loading, error and empty states, the same on every page.
import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiError, isMissingEndpoint } from '../api';

export function PageLoader({ label = 'Chargement…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="md" aria-hidden="true" />
      <Text ml="sm">{label}</Text>
    </Center>
  );
}

/** No data to show: a heading-level message and, when useful, an action. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <IconInbox size={40} aria-hidden="true" color="var(--mantine-color-gray-7)" />
      <Title order={3} size="h4">
        {title}
      </Title>
      {children && <Text c="dimmed">{children}</Text>}
    </Stack>
  );
}

/** An error answer in French; a route the server does not have yet shows as an empty state. */
export function QueryError({ error, emptyTitle = 'Aucune donnée à afficher' }: { error: unknown; emptyTitle?: string }) {
  if (isMissingEndpoint(error)) {
    return <Empty title={emptyTitle}>Le serveur ne fournit pas encore ces informations.</Empty>;
  }
  const message = error instanceof ApiError ? error.message : 'Une erreur inattendue est survenue.';
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} title="Impossible d’afficher ces informations" role="alert">
      {message}
    </Alert>
  );
}
