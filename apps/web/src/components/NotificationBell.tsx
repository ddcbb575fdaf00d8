// The bell: unread count, the latest notifications, mark one or all as read.
import { ActionIcon, Anchor, Badge, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type AppNotification } from '../api';
import { formatInstant } from '../format';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The in-app link of a notification: its adhesion page. */
export function notificationPath(n: AppNotification): string | null {
  if (n.adhesionId) return `/adhesions/${n.adhesionId}`;
  if (n.link) {
    try {
      return new URL(n.link, window.location.origin).pathname;
    } catch {
      return null;
    }
  }
  return null;
}

export function useNotifications() {
  return useQuery({ queryKey: [...NOTIFICATIONS_KEY, 'latest'], queryFn: () => api.notifications({ pageSize: 20 }), refetchInterval: 60_000 });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.markNotificationRead(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.markAllNotificationsRead(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const { data } = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const unread = data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} non lue${unread > 1 ? 's' : ''}` : 'Notifications, aucune non lue';

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpened(false);
    const path = notificationPath(n);
    if (path) navigate(path);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" size="xl" aria-label={label} onClick={() => setOpened((o) => !o)}>
          <Indicator label={unread} size={18} disabled={unread === 0} color="red.9" offset={2} aria-hidden="true">
            <IconBell size={24} aria-hidden="true" />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-label="Notifications">
        <Group justify="space-between" mb="xs">
          <Text fw={700}>Notifications</Text>
          <Button size="xs" variant="subtle" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            Tout marquer comme lu
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={360} type="auto">
          {data && data.items.length === 0 && (
            <Text py="md" ta="center" c="dimmed">
              Aucune notification.
            </Text>
          )}
          <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data?.items.map((n) => (
              <li key={n.id}>
                <Stack gap={2} py="xs">
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Anchor component="button" type="button" fw={n.readAt ? 400 : 700} ta="left" onClick={() => open(n)}>
                      {n.title}
                    </Anchor>
                    {!n.readAt && (
                      <Badge size="xs" color="blue.9" variant="filled">
                        Non lue
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatInstant(n.createdAt)}
                  </Text>
                </Stack>
                <Divider />
              </li>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Anchor component={Link} to="/notifications" size="sm" display="block" mt="xs" onClick={() => setOpened(false)}>
          Voir toutes les notifications et le lien d’abonnement au calendrier
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
