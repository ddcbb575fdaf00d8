// A commune's portfolio: the secretary's own commune, or any commune of the EPCI for the DGS.
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import { useUser } from '../auth';
import { AdhesionTable } from '../components/AdhesionTable';
import { Crumbs } from '../components/Crumbs';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { deName, formatCents } from '../format';
import { useDocumentTitle } from '../hooks';

export default function PortfolioPage() {
  const user = useUser();
  const params = useParams();
  const insee = params.insee ?? user.communeInsee ?? '';
  const own = !params.insee;
  const commune = useQuery({ queryKey: ['commune', insee], queryFn: () => api.commune(insee), enabled: insee !== '' });
  const adhesions = useQuery({ queryKey: ['adhesions', { commune: insee }], queryFn: () => api.allAdhesions({ commune: insee }), enabled: insee !== '' });
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: async () => (await api.inbox()).items, enabled: user.role !== 'admin' });
  const name = commune.data?.name ?? '';
  const title = name ? `Portefeuille ${deName(name)}` : own ? 'Portefeuille de ma commune' : 'Portefeuille de la commune';
  useDocumentTitle(title);

  const items = adhesions.data ?? [];
  const live = items.filter((a) => !a.final);
  // « À vous d’agir » first: the files that wait on the viewer, as the server's inbox decides it (GET /api/inbox).
  const mine = new Set((inbox.data ?? []).map((i) => i.id));
  const yourTurn = live.filter((a) => mine.has(a.id));
  const others = live.filter((a) => !mine.has(a.id));
  const closed = items.filter((a) => a.final);

  return (
    <Stack>
      {!own && (
        <Crumbs>
          <Anchor component={Link} to="/communes">
            Communes
          </Anchor>
          <Text span aria-current="page">{name || insee}</Text>
        </Crumbs>
      )}
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{title}</Title>
          {commune.data && (
            <Text c="dimmed">
              INSEE {commune.data.insee}
              {commune.data.population ? ` · ${commune.data.population.toLocaleString('fr-FR')} habitants` : ''}
              {commune.data.epci ? ` · ${commune.data.epci.name}` : ''}
            </Text>
          )}
        </div>
        {own && (
          <Button component={Link} to="/catalogue" leftSection={<IconPlus size={18} aria-hidden="true" />}>
            Demander un service
          </Button>
        )}
      </Group>
      {adhesions.isPending && <PageLoader />}
      {adhesions.isError && <QueryError error={adhesions.error} />}
      {adhesions.data && items.length === 0 && (
        <Empty title="Aucune adhésion pour le moment">
          {own ? 'Consultez le catalogue pour demander un service commun.' : 'Cette commune n’a encore demandé aucun service.'}
        </Empty>
      )}
      {yourTurn.length > 0 && (
        <section aria-labelledby="your-turn-heading">
          <Title order={2} size="h3" id="your-turn-heading" mb="xs">
            À vous d’agir ({yourTurn.length})
          </Title>
          <AdhesionTable items={yourTurn} caption={`Dossiers ${name ? deName(name) : 'de la commune'} qui attendent votre action`} />
        </section>
      )}
      {others.length > 0 && (
        <section aria-labelledby="live-heading">
          <Title order={2} size="h3" id="live-heading" mb="xs">
            {yourTurn.length > 0 ? 'Autres services en cours' : 'Services en cours'} ({others.length})
          </Title>
          <AdhesionTable items={others} caption={`Adhésions en cours ${name ? deName(name) : 'de la commune'}, avec leur coût annuel estimé`} />
        </section>
      )}
      {closed.length > 0 && (
        <section aria-labelledby="closed-heading">
          <Title order={2} size="h3" id="closed-heading" mb="xs">
            Adhésions terminées ({closed.length})
          </Title>
          <AdhesionTable items={closed} caption="Adhésions closes ou abandonnées" />
        </section>
      )}
      <TotalCost ids={live.filter((a) => a.state === 'active').map((a) => a.id)} />
    </Stack>
  );
}

/** The yearly total of the conventions in force. */
function TotalCost({ ids }: { ids: string[] }) {
  const { data } = useQuery({
    queryKey: ['estimates', ids],
    queryFn: () => Promise.all(ids.map((id) => api.estimate(id))),
    enabled: ids.length > 0,
  });
  if (!ids.length || !data) return null;
  const total = data.reduce((sum, e) => sum + (e.available ? e.annualAmountCents : 0), 0);
  return (
    <Text fw={600}>
      Coût annuel estimé des conventions en vigueur : {formatCents(total)}
    </Text>
  );
}
