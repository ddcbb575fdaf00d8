// All notifications of the signed-in user, and the link to subscribe to the deadlines in a calendar app.
import { Alert, Anchor, Badge, Button, CopyButton, Group, Pagination, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { IconCalendarShare, IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isMissingEndpoint } from '../api';
import { NOTIFICATIONS_KEY, notificationPath, useMarkAllRead, useMarkRead } from '../components/NotificationBell';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { formatInstant } from '../format';
import { useDocumentTitle } from '../hooks';

const PAGE_SIZE = 20;

function CalendarFeed() {
  const [url, setUrl] = useState<string | null>(null);
  const create = useMutation({ mutationFn: api.createCalendarToken, onSuccess: (r) => setUrl(r.url) });
  const revoke = useMutation({
    mutationFn: api.revokeCalendarToken,
    onSuccess: () => {
      setUrl(null);
      toasts.show({ color: 'teal.9', title: 'Lien révoqué', message: 'L’ancien lien d’abonnement ne fonctionne plus.' });
    },
  });
  const error = create.error ?? revoke.error;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="feed-heading">
      <Title order={2} size="h3" id="feed-heading" mb="xs">
        Abonnement au calendrier des échéances
      </Title>
      <Text mb="sm">
        Ajoutez les échéances de vos dossiers à votre agenda (Outlook, Thunderbird, téléphone…) grâce à un lien personnel. Créer un nouveau lien
        remplace l’ancien ; gardez-le pour vous.
      </Text>
      {error && (
        <Alert color={isMissingEndpoint(error) ? 'gray' : 'red'} variant="light" role="alert" mb="sm">
          {isMissingEndpoint(error) ? 'Le serveur ne propose pas encore d’abonnement au calendrier.' : (error as Error).message}
        </Alert>
      )}
      {url && (
        <Group align="flex-end" mb="sm">
          <TextInput label="Lien d’abonnement (iCalendar)" value={url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}>
                {copied ? 'Lien copié' : 'Copier le lien'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      <Group>
        <Button leftSection={<IconCalendarShare size={18} aria-hidden="true" />} loading={create.isPending} onClick={() => create.mutate()}>
          {url ? 'Créer un nouveau lien' : 'Obtenir mon lien d’abonnement'}
        </Button>
        <Button variant="outline" color="red.9" leftSection={<IconTrash size={18} aria-hidden="true" />} loading={revoke.isPending} onClick={() => revoke.mutate()}>
          Révoquer mon lien
        </Button>
      </Group>
    </Paper>
  );
}

export default function NotificationsPage() {
  useDocumentTitle('Notifications');
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: [...NOTIFICATIONS_KEY, 'page', page], queryFn: () => api.notifications({ page, pageSize: PAGE_SIZE }) });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const data = list.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Notifications</Title>
        <Button variant="light" disabled={!data || data.unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          Tout marquer comme lu
        </Button>
      </Group>
      {list.isPending && <PageLoader />}
      {list.isError && <QueryError error={list.error} />}
      {data && data.items.length === 0 && <Empty title="Aucune notification">Les rappels d’échéance et les demandes de validation apparaîtront ici.</Empty>}
      {data && data.items.length > 0 && (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data.items.map((n) => {
            const path = notificationPath(n);
            return (
              <Paper key={n.id} withBorder p="sm" component="li" bg={n.readAt ? undefined : 'blue.0'}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text fw={700}>{n.title}</Text>
                      {!n.readAt && (
                        <Badge size="sm" color="blue.9" variant="filled">
                          Non lue
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {n.body}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatInstant(n.createdAt)}
                    </Text>
                    {path && (
                      <Anchor component={Link} to={path} size="sm" onClick={() => !n.readAt && markRead.mutate(n.id)}>
                        Voir le dossier<span className="sr-only"> : {n.title}</span>
                      </Anchor>
                    )}
                  </Stack>
                  {!n.readAt && (
                    <Button size="xs" variant="subtle" onClick={() => markRead.mutate(n.id)} aria-label={`Marquer comme lue : ${n.title}`}>
                      Marquer comme lue
                    </Button>
                  )}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {data && data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} getControlProps={(control) => ({ 'aria-label': control === 'previous' ? 'Page précédente' : control === 'next' ? 'Page suivante' : control })} />
      )}
      <CalendarFeed />
    </Stack>
  );
}
