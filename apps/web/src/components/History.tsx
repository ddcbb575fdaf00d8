// The audit trail of an adhesion (GET /api/adhesions/:id/history) as a timeline, in French.
import { Text, Timeline } from '@mantine/core';
import { IconCircleCheck, IconClock, IconFilePlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, type EventField, type HistoryEntry, type Service } from '../api';
import { formatCents, formatDate, formatInstant, formatUnits, PARTY_LABELS, ROLE_LABELS } from '../format';
import { PageLoader, QueryError } from './QueryState';
import { TERMS_FIELDS } from '../lib/payload';

const EXTRA_LABELS: Record<string, string> = {
  party: 'Partie',
  forecastUnits: 'Unités prévues par an',
  options: 'Options',
  plannedUnits: 'Unités prévues',
};

function formatValue(field: EventField | undefined, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (field?.type === 'cents' && typeof value === 'number') return formatCents(value);
  if (field?.type === 'date' && typeof value === 'string') return formatDate(value);
  if (field?.type === 'decimal' && typeof value === 'number') return formatUnits(value);
  if (field?.type === 'enum') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') return formatUnits(value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The payload's fields worth reading, with their French labels; `at` and machine inputs are left out. */
export function payloadLines(entry: HistoryEntry, fields: readonly EventField[], service?: Service): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(entry.payload ?? {})) {
    if (name === 'at' || name === 'type' || name === 'input' || name === 'communeInsee' || name === 'serviceCode') continue;
    if (name === 'party') {
      lines.push([EXTRA_LABELS.party, PARTY_LABELS[String(value)] ?? String(value)]);
      continue;
    }
    if (name === 'options' && Array.isArray(value)) {
      const labels = value.map((code) => service?.options.find((o) => o.code === code)?.label ?? String(code));
      lines.push([EXTRA_LABELS.options, labels.length ? labels.join(', ') : 'aucune']);
      continue;
    }
    const field = fields.find((f) => f.name === name);
    if (field?.type === 'terms' && value && typeof value === 'object') {
      for (const sub of TERMS_FIELDS) lines.push([sub.label, formatValue(sub, (value as Record<string, unknown>)[sub.name])]);
      continue;
    }
    lines.push([field?.label ?? EXTRA_LABELS[name] ?? name, formatValue(field ?? (name === 'forecastUnits' ? { name, type: 'decimal', required: false, label: '' } : undefined), value)]);
  }
  return lines;
}

/** A generated document in words: its name is the entry's label; its size, not its hash, is worth reading. */
function documentSentence(entry: HistoryEntry): string {
  const size = Number((entry.payload as { byteSize?: unknown } | null)?.byteSize);
  const kilobytes = Number.isFinite(size) && size > 0 ? `, ${Math.max(1, Math.round(size / 1024)).toLocaleString('fr-FR')} ko` : '';
  return `Document PDF produit à l’étape « ${entry.toStateLabel ?? '—'} »${kilobytes}.`;
}

/** An attached file in words: its name and size (its hash is in the list of attachments' data). */
function attachmentSentence(entry: HistoryEntry): string {
  const payload = (entry.payload ?? {}) as { fileName?: unknown; byteSize?: unknown };
  const size = Number(payload.byteSize);
  const kilobytes = Number.isFinite(size) && size > 0 ? `, ${Math.max(1, Math.round(size / 1024)).toLocaleString('fr-FR')} ko` : '';
  return `Fichier « ${String(payload.fileName ?? '—')} » joint à l’étape « ${entry.toStateLabel ?? '—'} »${kilobytes}.`;
}

/** The entries outside the machine's events: no transition, no payload fields to list. */
const ASIDE = ['DOCUMENT_GENERATED', 'ATTACHMENT_ADDED'];

export function History({ adhesionId, version, service }: { adhesionId: string; version: number; service?: Service }) {
  const history = useQuery({ queryKey: ['adhesion', adhesionId, 'history', version], queryFn: () => api.history(adhesionId) });
  const workflow = useQuery({ queryKey: ['workflow'], queryFn: api.workflow, staleTime: Infinity });
  if (history.isPending) return <PageLoader />;
  if (history.isError) return <QueryError error={history.error} />;
  const fieldsOf = (event: string) => workflow.data?.events.find((e) => e.type === event)?.fields ?? [];
  const entries = history.data;
  return (
    <Timeline active={entries.length - 1} bulletSize={26} lineWidth={2} color="blue.8">
      {entries.map((entry, index) => (
        <Timeline.Item
          key={entry.sequence ?? `document-${index}`}
          title={<Text fw={700}>{entry.label}</Text>}
          bullet={
            entry.event === 'CREATED' ? (
              <IconFilePlus size={14} aria-hidden="true" />
            ) : entry.role === 'system' ? (
              <IconClock size={14} aria-hidden="true" />
            ) : (
              <IconCircleCheck size={14} aria-hidden="true" />
            )
          }
        >
          <Text size="sm" c="dimmed">
            {formatInstant(entry.at)} · {ROLE_LABELS[entry.role as keyof typeof ROLE_LABELS] ?? entry.role}
          </Text>
          {entry.event === 'ATTACHMENT_ADDED' ? (
            <Text size="sm">{attachmentSentence(entry)}</Text>
          ) : entry.event === 'DOCUMENT_GENERATED' ? (
            <Text size="sm">{documentSentence(entry)}</Text>
          ) : (
          <Text size="sm">
            {entry.fromStateLabel ? (
              <>
                {entry.fromStateLabel} → <strong>{entry.toStateLabel}</strong>
              </>
            ) : (
              <strong>{entry.toStateLabel}</strong>
            )}
          </Text>
          )}
          {!ASIDE.includes(entry.event) && payloadLines(entry, fieldsOf(entry.event), service).map(([label, value]) => (
            <Text size="sm" key={label} style={{ whiteSpace: 'pre-wrap' }}>
              {label} : {value}
            </Text>
          ))}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
