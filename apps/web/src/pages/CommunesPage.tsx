// Every commune of the EPCI with its adhesions at a glance; each opens the commune's portfolio.
import { Anchor, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type AdhesionSummary } from '../api';
import { PageLoader, QueryError } from '../components/QueryState';
import { useDocumentTitle } from '../hooks';
import { communeCounts } from '../lib/commune-counts';

export default function CommunesPage() {
  useDocumentTitle('Communes');
  const [filter, setFilter] = useState('');
  const communes = useQuery({ queryKey: ['communes'], queryFn: () => api.communes({ pageSize: 500 }) });
  const adhesions = useQuery({ queryKey: ['adhesions', 'all'], queryFn: () => api.allAdhesions() });

  const byCommune = useMemo(() => {
    const map = new Map<string, AdhesionSummary[]>();
    for (const a of adhesions.data ?? []) map.set(a.commune.insee, [...(map.get(a.commune.insee) ?? []), a]);
    return map;
  }, [adhesions.data]);

  const needle = filter.trim().toLocaleLowerCase('fr');
  const rows = (communes.data?.items ?? []).filter((c) => !needle || c.name.toLocaleLowerCase('fr').includes(needle) || c.insee.includes(needle));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Communes</Title>
          <Text c="dimmed">Les communes membres et leurs adhésions aux services communs.</Text>
        </div>
        <TextInput label="Rechercher une commune" leftSection={<IconSearch size={16} aria-hidden="true" />} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={300} />
      </Group>
      {(communes.isPending || adhesions.isPending) && <PageLoader />}
      {communes.isError && <QueryError error={communes.error} />}
      {adhesions.isError && <QueryError error={adhesions.error} />}
      {communes.data && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Caption>
              {rows.length} commune{rows.length > 1 ? 's' : ''} sur {communes.data.total}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Commune</Table.Th>
                <Table.Th scope="col">INSEE</Table.Th>
                <Table.Th scope="col" ta="right">
                  Population
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Conventions actives
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Signées, à venir
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Demandes en cours
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => {
                const list = byCommune.get(c.insee) ?? [];
                const { active, upcoming, pending } = communeCounts(list);
                return (
                  <Table.Tr key={c.insee}>
                    <Table.Td>
                      <Anchor component={Link} to={`/communes/${c.insee}`} fw={600}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.insee}</Table.Td>
                    <Table.Td ta="right">{c.population?.toLocaleString('fr-FR') ?? '—'}</Table.Td>
                    <Table.Td ta="right">{active}</Table.Td>
                    <Table.Td ta="right">{upcoming}</Table.Td>
                    <Table.Td ta="right">{pending}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
