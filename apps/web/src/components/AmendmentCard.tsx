// The avenant in progress on a convention in force: its number, what it changes, its step, whose turn it is,
// and its PDF (a draft until both signatures).
import { Anchor, Card, DataList, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { Adhesion } from '../api';
import { formatCents, formatDate, formatUnits, PARTY_LABELS } from '../format';

type Party = 'commune' | 'epci';
const other = (party: Party): Party => (party === 'commune' ? 'epci' : 'commune');
/** The party as a sentence addresses it: « À la commune d’accepter… », not « À Commune ». */
const TO_PARTY: Record<Party, string> = { commune: 'À la commune', epci: 'À l’intercommunalité' };

/** Whose move the avenant waits for at its step, in French. */
export function amendmentTurn(adhesion: Adhesion): string | null {
  const amendment = adhesion.details.amendment;
  const step = adhesion.stateDetail.find((s) => s.id.startsWith('active.amendment.'))?.id.slice('active.amendment.'.length);
  if (!amendment || !step) return null;
  const parties = (missing: (party: Party) => boolean) => (['commune', 'epci'] as const).filter(missing).map((p) => PARTY_LABELS[p]);
  switch (step) {
    case 'pending':
      return `${TO_PARTY[other(amendment.proposedBy)]} d’accepter ou de refuser l’avenant`;
    case 'deliberations':
      return `Délibération attendue : ${parties((p) => !amendment.deliberations?.[p]).join(' et ')}`;
    case 'signature':
      return `Signature attendue : ${parties((p) => !amendment.signatures?.[p]).join(' et ')}`;
    case 'scheduled':
      return `Signé par les deux parties : les nouvelles conditions s’appliqueront à compter du ${formatDate(amendment.effectiveDate ?? '')}`;
    default:
      return null;
  }
}

export function AmendmentCard({ adhesion }: { adhesion: Adhesion }) {
  const amendment = adhesion.details.amendment;
  if (!amendment) return null;
  const number = amendment.number ?? (adhesion.details.amendments?.length ?? 0) + 1;
  const step = adhesion.stateDetail.find((s) => s.id.startsWith('active.amendment.'));
  const before = amendment.previousTerms ?? adhesion.details.terms;
  const document = adhesion.availableDocuments.find((d) => d.kind === 'amendment' && d.url.endsWith(`number=${number}`));
  return (
    <Card withBorder component="section" aria-labelledby="amendment-heading" data-testid="amendment">
      <Title order={2} size="h3" id="amendment-heading" mb="sm">
        Avenant n° {number} en cours
      </Title>
      <DataList>
        <DataList.Item>
          <DataList.ItemLabel>Étape</DataList.ItemLabel>
          <DataList.ItemValue>{step?.label ?? '—'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>À qui d’agir</DataList.ItemLabel>
          <DataList.ItemValue data-testid="amendment-turn">{amendmentTurn(adhesion)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Proposé par</DataList.ItemLabel>
          <DataList.ItemValue>
            {PARTY_LABELS[amendment.proposedBy]}
            {amendment.proposedOn ? `, le ${formatDate(amendment.proposedOn)}` : ''}
          </DataList.ItemValue>
        </DataList.Item>
        {before && before.unitCostCents !== amendment.terms.unitCostCents && (
          <DataList.Item>
            <DataList.ItemLabel>Coût unitaire</DataList.ItemLabel>
            <DataList.ItemValue>
              {formatCents(before.unitCostCents)} → {formatCents(amendment.terms.unitCostCents)}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        {before && before.forecastUnits !== amendment.terms.forecastUnits && (
          <DataList.Item>
            <DataList.ItemLabel>Unités prévues par an</DataList.ItemLabel>
            <DataList.ItemValue>
              {formatUnits(before.forecastUnits)} → {formatUnits(amendment.terms.forecastUnits)}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        {amendment.options && (
          <DataList.Item>
            <DataList.ItemLabel>Options après l’avenant</DataList.ItemLabel>
            <DataList.ItemValue>{amendment.options.join(', ') || 'Aucune'}</DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>Date d’effet</DataList.ItemLabel>
          <DataList.ItemValue>{amendment.effectiveDate ? `${formatDate(amendment.effectiveDate)}, au plus tôt à la dernière signature` : 'À la dernière signature'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Délibérations</DataList.ItemLabel>
          <DataList.ItemValue>
            {amendment.deliberationsRequired === false
              ? 'Non requises (seule la prévision change)'
              : (['commune', 'epci'] as const)
                  .map((p) => {
                    const d = amendment.deliberations?.[p];
                    return `${PARTY_LABELS[p]} : ${d ? `n° ${d.number} du ${formatDate(d.date)}` : 'attendue'}`;
                  })
                  .join(' ; ')}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Signatures</DataList.ItemLabel>
          <DataList.ItemValue>
            {(['commune', 'epci'] as const)
              .map((p) => {
                const s = amendment.signatures?.[p];
                return `${PARTY_LABELS[p]} : ${s ? `${s.signatoryName}, le ${formatDate(s.date)}` : 'attendue'}`;
              })
              .join(' ; ')}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      {document && (
        <Text mt="sm">
          <Anchor href={document.url} download>
            <IconDownload size={16} aria-hidden="true" /> {document.label} (PDF)
          </Anchor>
        </Text>
      )}
    </Card>
  );
}
