// Per service: its member communes and how its cost is allocated among them, as a table and a chart.
import { BarChart } from '@mantine/charts';
import { Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title, Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { StateBadge } from '../components/StateBadge';
import { formatCents, formatPercent, formatUnits } from '../format';
import { useDocumentTitle, useServerToday } from '../hooks';

export default function MembersPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const today = useServerToday();
  const [year, setYear] = useState<number | string>(Number(today.slice(0, 4)));
  const services = useQuery({ queryKey: ['services'], queryFn: api.services });
  const selected = code ?? services.data?.[0]?.code;
  const service = services.data?.find((s) => s.code === selected);
  useDocumentTitle(service ? `Membres et répartition — ${service.name}` : 'Membres et répartition');
  const y = Number(year);
  const members = useQuery({
    queryKey: ['members', selected, y],
    queryFn: () => api.serviceMembers(selected!, y),
    enabled: !!selected && Number.isInteger(y) && y > 1999 && y < 2101,
  });

  const data = members.data;
  const chartData = (data?.members ?? []).map((m) => ({ commune: m.communeName, montant: m.amountCents / 100 }));

  return (
    <Stack>
      <Title order={1}>Membres et répartition des coûts</Title>
      <Group align="flex-end">
        <NativeSelect
          label="Service"
          value={selected ?? ''}
          onChange={(e) => navigate(`/repartition/${e.currentTarget.value}`)}
          data={(services.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
          w={{ base: '100%', xs: 360 }}
        />
        <NumberInput label="Année" value={year} onChange={setYear} min={2000} max={2100} allowDecimal={false} w={140} />
      </Group>
      {services.isError && <QueryError error={services.error} />}
      {members.isPending && !!selected && <PageLoader />}
      {members.isError && <QueryError error={members.error} emptyTitle="Répartition non disponible" />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                {data.service.costModel === 'keys' ? `Coût total ${data.year} à répartir` : `Coût unitaire ${data.year}`}
              </Text>
              <Text fw={700} size="xl">
                {data.service.costModel === 'keys' ? formatCents(data.totalCostCents) : formatCents(data.unitCostCents)}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Communes membres
              </Text>
              <Text fw={700} size="xl">
                {data.members.length}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Total réparti
              </Text>
              <Text fw={700} size="xl">
                {formatCents(data.totalCents)}
              </Text>
            </Paper>
          </SimpleGrid>
          {data.members.length === 0 ? (
            <Empty title="Aucune commune membre">Aucune commune n’adhère à ce service pour {data.year}.</Empty>
          ) : (
            <>
              {/* On a phone (below 40em) each commune becomes a card, its cells labelled (global.css). */}
              <Table.ScrollContainer minWidth={720}>
                <Table striped verticalSpacing="xs" className="stack-on-phone">
                  <Table.Caption>
                    Répartition du coût de « {data.service.name} » en {data.year}
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Commune</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Population
                      </Table.Th>
                      <Table.Th scope="col">État</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Unités prévues ({data.service.unitLabelPlural})
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Montant
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Part
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.members.map((m) => (
                      <Table.Tr key={m.adhesionId}>
                        <Table.Td data-label="Commune">
                          <Anchor component={Link} to={`/adhesions/${m.adhesionId}`}>
                            {m.communeName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right" data-label="Population">
                          {m.population?.toLocaleString('fr-FR') ?? '—'}
                        </Table.Td>
                        <Table.Td data-label="État">
                          <StateBadge state={m.state} label={m.stateLabel} size="sm" />
                        </Table.Td>
                        <Table.Td ta="right" data-label={`Unités prévues (${data.service.unitLabelPlural})`}>
                          {formatUnits(m.forecastUnits)}
                        </Table.Td>
                        <Table.Td ta="right" data-label="Montant">
                          {formatCents(m.amountCents)}
                        </Table.Td>
                        <Table.Td ta="right" data-label="Part">
                          {formatPercent(m.sharePercent)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th scope="row">Total</Table.Th>
                      <Table.Td />
                      <Table.Td />
                      <Table.Td />
                      <Table.Td ta="right" fw={700} data-label="Montant">
                        {formatCents(data.totalCents)}
                      </Table.Td>
                      <Table.Td ta="right" data-label="Part">
                        100 %
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
              <Paper withBorder p="md" component="figure" m={0}>
                <Text component="figcaption" fw={600} mb="sm">
                  Montant par commune en {data.year} (graphique ; les mêmes données figurent dans le tableau ci-dessus)
                </Text>
                <BarChart
                  h={Math.max(220, chartData.length * 36)}
                  data={chartData}
                  dataKey="commune"
                  orientation="vertical"
                  yAxisProps={{ width: 140 }}
                  series={[{ name: 'montant', label: 'Montant', color: 'blue.8' }]}
                  valueFormatter={(value) => formatCents(Math.round(value * 100))}
                  gridAxis="x"
                />
              </Paper>
            </>
          )}
        </>
      )}
    </Stack>
  );
}
