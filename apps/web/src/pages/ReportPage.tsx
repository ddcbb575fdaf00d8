// The annual report: adhesions by service and state, amounts by service, coverage of the communes, forecast
// against actual per service and per commune, the year's income, and the statements' exports for the finance
// department (CSV, three tables, and one Excel workbook).
import { BarChart } from '@mantine/charts';
import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, downloads, type AnnualReport } from '../api';
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

type MoneyTotals = AnnualReport['money']['total'];

/** No statement of the year has its units yet: its actual and balance are unknown, not zero. */
const unknown = (t: MoneyTotals) => t.final === 0 && t.actualCents === 0 && t.balanceCents === 0;

/** The balance of a line: what the communes still owe (reste dû) or were overcharged (trop-perçu). */
function Balance({ totals }: { totals: MoneyTotals }) {
  if (unknown(totals)) return <>—</>;
  if (totals.balanceCents === 0) return <>soldé</>;
  return (
    <span>
      {formatCents(Math.abs(totals.balanceCents))}
      <Text span size="xs" display="block">
        {totals.balanceCents > 0 ? 'reste dû' : 'trop-perçu'}
      </Text>
    </span>
  );
}

/** One table of forecast against actual: per service or per commune, with the total. */
function MoneyTable({ caption, heading, rows, total }: { caption: string; heading: string; rows: Array<{ key: string; name: string; totals: MoneyTotals }>; total: MoneyTotals }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped mt="md" verticalSpacing="xs" className="stack-on-phone">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{heading}</Table.Th>
            <Table.Th scope="col" ta="right">
              Conventions
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Prévu
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Réalisé
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Versements facturés
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Solde
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ key, name, totals }) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{name}</Table.Th>
              <Table.Td ta="right" data-label="Conventions">
                {totals.conventions} dont {totals.final} {totals.final > 1 ? 'définitives' : 'définitive'}
              </Table.Td>
              <Table.Td ta="right" data-label="Prévu">
                {formatCents(totals.forecastCents)}
              </Table.Td>
              <Table.Td ta="right" data-label="Réalisé">
                {unknown(totals) ? '—' : formatCents(totals.actualCents)}
              </Table.Td>
              <Table.Td ta="right" data-label="Versements facturés">
                {formatCents(totals.invoicedCents)}
              </Table.Td>
              <Table.Td ta="right" data-label="Solde">
                <Balance totals={totals} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">Total</Table.Th>
            <Table.Td ta="right" data-label="Conventions">
              {total.conventions} dont {total.final} {total.final > 1 ? 'définitives' : 'définitive'}
            </Table.Td>
            <Table.Td ta="right" fw={700} data-label="Prévu">
              {formatCents(total.forecastCents)}
            </Table.Td>
            <Table.Td ta="right" fw={700} data-label="Réalisé">
              {unknown(total) ? '—' : formatCents(total.actualCents)}
            </Table.Td>
            <Table.Td ta="right" fw={700} data-label="Versements facturés">
              {formatCents(total.invoicedCents)}
            </Table.Td>
            <Table.Td ta="right" fw={700} data-label="Solde">
              <Balance totals={total} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Forecast against actual as grouped bars, in euros; the same data is in the table after it. */
function MoneyChart({ rows, nameWidth }: { rows: Array<{ name: string; totals: MoneyTotals }>; nameWidth: number }) {
  // On a phone the names take less room, so that the bars stay readable.
  const phone = useMediaQuery('(max-width: 40em)');
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="sr-only">Graphique en barres, prévu et réalisé ; les mêmes données figurent dans le tableau qui suit.</figcaption>
      <BarChart
        h={Math.max(220, rows.length * 64)}
        data={rows.map(({ name, totals }) => ({ name, prevu: totals.forecastCents / 100, realise: totals.actualCents / 100 }))}
        dataKey="name"
        orientation="vertical"
        yAxisProps={{ width: phone ? Math.min(nameWidth, 110) : nameWidth }}
        withLegend
        series={[
          { name: 'prevu', label: 'Prévu', color: 'blue.8' },
          { name: 'realise', label: 'Réalisé (unités connues)', color: 'teal.8' },
        ]}
        valueFormatter={(value) => formatCents(Math.round(value * 100))}
      />
    </figure>
  );
}

/** The statements of the year as files for the comptable public: plain links, the session cookie goes with them. */
function Exports({ year }: { year: number }) {
  const links: Array<[string, string]> = [
    ['États de l’année (CSV)', downloads.statementsCsv(year, 'statements')],
    ['Échéances (CSV)', downloads.statementsCsv(year, 'instalments')],
    ['Clés de répartition (CSV)', downloads.statementsCsv(year, 'shares')],
    ['Classeur Excel des trois tableaux (XLSX)', downloads.statementsXlsx(year)],
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="exports">
      <Title order={2} size="h3" id="exports" mb="xs">
        Exports pour la comptabilité
      </Title>
      <Text size="sm" mb="sm">
        Les états {year} de chaque convention, ses échéances et les clés de répartition, pour le comptable public et le service des finances.
      </Text>
      <Group gap="sm">
        {links.map(([label, href]) => (
          <Button key={href} component="a" href={href} download variant="light" leftSection={<IconDownload size={18} aria-hidden="true" />}>
            {label}
          </Button>
        ))}
      </Group>
    </Paper>
  );
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
  const byCommune = [...(data?.money.byCommune ?? [])].sort((a, b) => a.communeName.localeCompare(b.communeName, 'fr'));

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
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
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
              {data.signedNotStarted > 0 && <Text size="xs">et {data.signedNotStarted} signée{data.signedNotStarted > 1 ? 's' : ''}, à venir</Text>}
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Montants annuels prévus
              </Text>
              <Text fw={700} size="xl">
                {formatCents(totalAmount)}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                Recettes de l’année
              </Text>
              <Text fw={700} size="xl" data-testid="report-income">
                {formatCents(data.money.incomeCents)}
              </Text>
              <Text size="xs">le montant dû là où les unités sont connues, sinon la prévision</Text>
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

          <Paper withBorder p="md" component="section" aria-labelledby="money-by-service">
            <Title order={2} size="h3" id="money-by-service" mb="sm">
              Prévu et réalisé par service
            </Title>
            {data.money.byService.length === 0 ? (
              <Empty title="Aucune convention en vigueur cette année" />
            ) : (
              <>
                <MoneyChart rows={data.money.byService.map((r) => ({ name: r.serviceName, totals: r }))} nameWidth={220} />
                <MoneyTable
                  caption={`Prévu et réalisé par service en ${data.year}`}
                  heading="Service"
                  rows={data.money.byService.map((r) => ({ key: r.serviceCode, name: r.serviceName, totals: r }))}
                  total={data.money.total}
                />
              </>
            )}
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="money-by-commune">
            <Title order={2} size="h3" id="money-by-commune" mb="sm">
              Prévu et réalisé par commune
            </Title>
            {data.money.byCommune.length === 0 ? (
              <Empty title="Aucune convention en vigueur cette année" />
            ) : (
              <>
                <MoneyChart rows={byCommune.map((r) => ({ name: r.communeName, totals: r }))} nameWidth={160} />
                <MoneyTable
                  caption={`Prévu et réalisé par commune en ${data.year}`}
                  heading="Commune"
                  rows={byCommune.map((r) => ({ key: r.communeInsee, name: r.communeName, totals: r }))}
                  total={data.money.total}
                />
              </>
            )}
          </Paper>

          <Exports year={data.year} />
        </>
      )}
    </Stack>
  );
}
