// The annual report: adhesions by service and state, amounts by service, coverage of the communes.
import { BarChart } from '@mantine/charts';
import { Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type AnnualReport } from '../api';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { formatCents, formatPercent } from '../format';
import { useDocumentTitle, useServerToday } from '../hooks';

const STATE_COLORS = ['blue.8', 'teal.8', 'violet.8', 'orange.9', 'grape.8', 'cyan.9', 'gray.7', 'red.9', 'indigo.8', 'pink.8', 'lime.9', 'yellow.9'];

/** One row per service, one column per state label: the shape a stacked bar chart wants. */
export function pivotByState(report: AnnualReport) {
  const states: Array<{ state: string; label: string }> = [];
  for (const row of report.byServiceAndState) {
    if (!states.some((s) => s.state === row.state)) states.push({ state: row.state, label: row.stateLabel });
  }
  const services = [...new Map(report.byServiceAndState.map((r) => [r.serviceCode, r.serviceName])).entries()];
  const rows = services.map(([code, name]) => {
    const row: Record<string, string | number> = { service: name };
    for (const s of states) row[s.state] = report.byServiceAndState.find((r) => r.serviceCode === code && r.state === s.state)?.count ?? 0;
    return row;
  });
  return { states, rows };
}

export default function ReportPage() {
  const today = useServerToday();
  const [year, setYear] = useState<number | string>(Number(today.slice(0, 4)));
  const y = Number(year);
  useDocumentTitle(`Rapport annuel ${y || ''}`.trim());
  const report = useQuery({
    queryKey: ['report', y],
    queryFn: () => api.annualReport(y),
    enabled: Number.isInteger(y) && y > 1999 && y < 2101,
  });
  const data = report.data;
  const pivot = data ? pivotByState(data) : null;
  const totalAmount = data?.amounts.reduce((sum, a) => sum + a.annualAmountCents, 0) ?? 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Rapport annuel</Title>
        <NumberInput label="Année" value={year} onChange={setYear} min={2000} max={2100} allowDecimal={false} w={140} />
      </Group>
      {report.isPending && <PageLoader />}
      {report.isError && <QueryError error={report.error} emptyTitle="Rapport non disponible" />}
      {data && pivot && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Communes couvertes
              </Text>
              <Text fw={700} size="xl">
                {data.communesCovered} sur {data.communesTotal}
                {data.communesTotal > 0 ? ` (${formatPercent((100 * data.communesCovered) / data.communesTotal)})` : ''}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Conventions actives
              </Text>
              <Text fw={700} size="xl">
                {data.activeAdhesions}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Montants annuels
              </Text>
              <Text fw={700} size="xl">
                {formatCents(totalAmount)}
              </Text>
            </Paper>
          </SimpleGrid>

          <Paper withBorder p="md" component="section" aria-labelledby="by-state">
            <Title order={2} size="h3" id="by-state" mb="sm">
              Adhésions par service et par état
            </Title>
            {pivot.rows.length === 0 ? (
              <Empty title="Aucune adhésion cette année" />
            ) : (
              <>
                <figure style={{ margin: 0 }}>
                  <figcaption className="sr-only">Graphique en barres empilées ; les mêmes données figurent dans le tableau qui suit.</figcaption>
                  <BarChart
                    h={Math.max(260, pivot.rows.length * 44)}
                    data={pivot.rows}
                    dataKey="service"
                    type="stacked"
                    orientation="vertical"
                    yAxisProps={{ width: 220 }}
                    xAxisProps={{ allowDecimals: false }}
                    valueFormatter={(value) => value.toLocaleString('fr-FR')}
                    withLegend
                    series={pivot.states.map((s, i) => ({ name: s.state, label: s.label, color: STATE_COLORS[i % STATE_COLORS.length] }))}
                  />
                </figure>
                {/* On a phone (below 40em) each service becomes a card, one labelled line per state (global.css). */}
                <Table.ScrollContainer minWidth={600}>
                  <Table striped mt="md" verticalSpacing="xs" className="stack-on-phone">
                    <Table.Caption>Nombre d’adhésions par service et par état en {data.year}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Service</Table.Th>
                        {pivot.states.map((s) => (
                          <Table.Th scope="col" key={s.state} ta="right">
                            {s.label}
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {pivot.rows.map((row) => (
                        <Table.Tr key={String(row.service)}>
                          <Table.Th scope="row">{row.service}</Table.Th>
                          {pivot.states.map((s) => (
                            <Table.Td key={s.state} ta="right" data-label={s.label}>
                              {row[s.state]}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="amounts">
            <Title order={2} size="h3" id="amounts" mb="sm">
              Montants annuels par service
            </Title>
            {data.amounts.length === 0 ? (
              <Empty title="Aucun montant cette année" />
            ) : (
              <>
                <figure style={{ margin: 0 }}>
                  <figcaption className="sr-only">Graphique en barres ; les mêmes données figurent dans le tableau qui suit.</figcaption>
                  <BarChart
                    h={Math.max(220, data.amounts.length * 40)}
                    data={data.amounts.map((a) => ({ service: a.serviceName, montant: a.annualAmountCents / 100 }))}
                    dataKey="service"
                    orientation="vertical"
                    yAxisProps={{ width: 220 }}
                    series={[{ name: 'montant', label: 'Montant annuel', color: 'teal.8' }]}
                    valueFormatter={(value) => formatCents(Math.round(value * 100))}
                  />
                </figure>
                <Table striped mt="md" verticalSpacing="xs">
                  <Table.Caption>Montants annuels par service en {data.year}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Service</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Montant annuel
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.amounts.map((a) => (
                      <Table.Tr key={a.serviceCode}>
                        <Table.Th scope="row">{a.serviceName}</Table.Th>
                        <Table.Td ta="right">{formatCents(a.annualAmountCents)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}
