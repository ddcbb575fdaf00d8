// What waits on the EPCI, sorted by deadline, overdue first and in red (with the word, not only the colour).
// GET /api/inbox gives it: the server decides whose move it is and what is overdue.
import { Anchor, Badge, Group, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type InboxItem } from '../api';
import { useUser } from '../auth';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { StateBadge } from '../components/StateBadge';
import { formatInstantDate } from '../format';
import { useDocumentTitle } from '../hooks';
import { sortInbox } from '../lib/inbox';
import { OVERDUE_COLOR } from '../theme';

function InboxTable({ items, caption }: { items: InboxItem[]; caption: string }) {
  if (items.length === 0) return <Empty title="Rien en attente">Aucun dossier dans cette liste.</Empty>;
  return (
    // Scrolls sideways on a tablet; on a phone (below 40em) each row becomes a card, its cells labelled.
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="sm" className="stack-on-phone">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Échéance</Table.Th>
            <Table.Th scope="col">Commune</Table.Th>
            <Table.Th scope="col">Service</Table.Th>
            <Table.Th scope="col">État</Table.Th>
            <Table.Th scope="col">En attente depuis</Table.Th>
            <Table.Th scope="col">Actions attendues</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id} data-overdue={item.overdue || undefined}>
              <Table.Td data-label="Échéance">
                {item.overdue && (
                  <Badge color={OVERDUE_COLOR} variant="filled" mb={4}>
                    En retard
                  </Badge>
                )}
                <Text size="sm" c={item.overdue ? OVERDUE_COLOR : undefined} fw={item.overdue ? 700 : undefined}>
                  {item.nextDeadline ? `${item.nextDeadline.label}, ${formatInstantDate(item.nextDeadline.at)}` : 'Sans échéance'}
                </Text>
              </Table.Td>
              <Table.Td data-label="Commune">{item.commune.name}</Table.Td>
              <Table.Td data-label="Service">
                <Anchor component={Link} to={`/adhesions/${item.id}`} fw={600}>
                  {item.service.name}
                  <span className="sr-only"> — {item.commune.name}</span>
                </Anchor>
              </Table.Td>
              <Table.Td data-label="État">
                <StateBadge state={item.state} label={item.stateLabel} size="sm" />
              </Table.Td>
              <Table.Td data-label="En attente depuis">
                <Text size="sm">{formatInstantDate(item.waitingSince)}</Text>
                <Text size="sm" c={item.overdue ? OVERDUE_COLOR : 'dimmed'}>
                  {item.workingDaysWaiting} jour{item.workingDaysWaiting > 1 ? 's' : ''} ouvré{item.workingDaysWaiting > 1 ? 's' : ''}
                </Text>
              </Table.Td>
              <Table.Td data-label="Actions attendues">
                <Text size="sm">{item.actions.map((a) => a.label).join(' ; ') || '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function InboxPage() {
  useDocumentTitle('À traiter');
  const user = useUser();
  const [filter, setFilter] = useState('');
  const inbox = useQuery({
    queryKey: ['inbox'],
    queryFn: async () => (await api.inbox()).items,
    refetchInterval: 60_000,
  });

  const filtered = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase('fr');
    const items = inbox.data ?? [];
    return needle ? items.filter((i) => `${i.commune.name} ${i.service.name}`.toLocaleLowerCase('fr').includes(needle)) : items;
  }, [inbox.data, filter]);
  const mine = sortInbox(filtered.filter((i) => i.waitingFor === 'epci'));
  const theirs = sortInbox(filtered.filter((i) => i.waitingFor === 'commune'));
  const overdue = mine.filter((i) => i.overdue).length;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>À traiter</Title>
          <Text c="dimmed">
            {user.role === 'agent' ? 'Les dossiers de votre pôle qui attendent l’intercommunalité.' : 'Les dossiers qui attendent une décision de l’intercommunalité, par échéance.'}
          </Text>
        </div>
        <TextInput
          label="Filtrer par commune ou service"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={{ base: '100%', xs: 300 }}
        />
      </Group>
      {inbox.isPending && <PageLoader />}
      {inbox.isError && <QueryError error={inbox.error} />}
      {inbox.data && (
        <Tabs defaultValue="epci" keepMounted={false}>
          <Tabs.List aria-label="Dossiers en attente">
            <Tabs.Tab value="epci">
              À vous d’agir ({mine.length}
              {overdue ? `, dont ${overdue} en retard` : ''})
            </Tabs.Tab>
            {theirs.length > 0 && <Tabs.Tab value="commune">En attente des communes ({theirs.length})</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="epci" pt="md">
            <InboxTable items={mine} caption="À vous d’agir : les dossiers qui attendent l’intercommunalité, les plus urgents d’abord" />
          </Tabs.Panel>
          <Tabs.Panel value="commune" pt="md">
            <InboxTable items={theirs} caption="Dossiers en attente d’une réponse des communes" />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
