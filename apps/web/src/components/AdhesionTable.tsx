// A portfolio: one row per adhesion with its French state, next deadline and yearly cost (GET …/estimate).
import { Anchor, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, type AdhesionSummary, type Estimate } from '../api';
import { formatCents, formatInstantDate } from '../format';
import { StateBadge } from './StateBadge';

export function estimateText(estimate: Estimate | undefined, failed: boolean): string {
  if (failed) return 'Indisponible';
  if (!estimate) return '…';
  if (!estimate.available) return 'Coût de l’année non notifié';
  return formatCents(estimate.annualAmountCents);
}

export function AdhesionTable({ items, caption, showCommune = false }: { items: AdhesionSummary[]; caption: string; showCommune?: boolean }) {
  const estimates = useQueries({
    queries: items.map((a) => ({ queryKey: ['adhesion', a.id, 'estimate'], queryFn: () => api.estimate(a.id), staleTime: 60_000 })),
  });
  return (
    // On a phone (below 40em) each row becomes a card, its cells labelled: the deadline and the cost stay in view.
    <Table.ScrollContainer minWidth={0}>
      <Table striped highlightOnHover verticalSpacing="sm" className="stack-on-phone">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {showCommune && <Table.Th scope="col">Commune</Table.Th>}
            <Table.Th scope="col">Service</Table.Th>
            <Table.Th scope="col">État</Table.Th>
            <Table.Th scope="col">Prochaine échéance</Table.Th>
            <Table.Th scope="col" ta="right">
              Coût annuel estimé
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a, index) => (
            <Table.Tr key={a.id}>
              {showCommune && <Table.Td data-label="Commune">{a.commune.name}</Table.Td>}
              <Table.Td data-label="Service">
                <Anchor component={Link} to={`/adhesions/${a.id}`} fw={600}>
                  {a.service.name}
                  {showCommune ? <span className="sr-only"> — {a.commune.name}</span> : null}
                </Anchor>
              </Table.Td>
              <Table.Td data-label="État">
                <StateBadge state={a.state} label={a.stateLabel} />
              </Table.Td>
              <Table.Td data-label="Prochaine échéance">
                {a.nextDeadline ? (
                  <>
                    <Text size="sm">{a.nextDeadline.label}</Text>
                    <Text size="sm" c="dimmed">
                      {formatInstantDate(a.nextDeadline.at)}
                    </Text>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    Aucune
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-label="Coût annuel estimé">
                {estimateText(estimates[index]?.data, estimates[index]?.isError ?? false)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
