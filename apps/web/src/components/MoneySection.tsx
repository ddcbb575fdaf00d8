// The « Finances » of a convention (GET /api/adhesions/:id/money): for a year it touches, the unit cost and
// where it comes from, the pro rata, the forecast, the amount due, the instalments invoiced and the balance;
// the periods with their units. The service's agent and the DGS record or correct the units of a period; the
// commune's secretary contests them within 30 days. The trail of every change is one click away.
import { Alert, Badge, Button, Card, Collapse, DataList, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, downloads, type Adhesion, type AdhesionYearMoney, type PeriodMoney, type Service, type UsageAuditRow } from '../api';
import { useUser } from '../auth';
import { formatCents, formatDate, formatInstant, ROLE_LABELS } from '../format';
import { useServerToday } from '../hooks';
import {
  actCountsText,
  balanceText,
  countForApi,
  periodName,
  periodStatus,
  PERIODICITY_LABELS,
  type PeriodStatus,
  proRataText,
  SETTLEMENT_LABELS,
  unitCostSourceSentence,
  unitsForApi,
  unitsText,
  weightText,
} from '../lib/money';
import { placeErrors, type PlacedErrors } from './errors';
import { PageLoader, QueryError } from './QueryState';

/** The 409s of a units form: the page is out of date, reloading shows the figures as they are now. */
const STALE_CODES = ['units_already_recorded', 'stale_version'];

/** Dark enough for white text (AA); the words carry the meaning. */
const STATUS_COLORS: Record<PeriodStatus['kind'], string> = { upcoming: 'gray.7', to_record: 'blue.9', recorded: 'teal.9', contested: 'red.9' };
/** A long status wraps instead of being cut with an ellipsis (as StateBadge). */
const WRAPPING_BADGE = { root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2, maxWidth: '100%' }, label: { whiteSpace: 'normal' as const, overflow: 'visible' as const } };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Figure({ label, value, testId, note }: { label: string; value: string; testId: string; note?: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
      {note && <Text size="xs">{note}</Text>}
    </div>
  );
}

/** The alert above a units or contest form: the server's message, and a reload when the page is stale. */
function FormAlert({ errors, title, onReload }: { errors: PlacedErrors | null; title: string; onReload: () => void }) {
  const period = errors?.fields.period;
  const message = period ?? errors?.general;
  if (!message) return null;
  const stale = !!errors?.code && STALE_CODES.includes(errors.code);
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title={title}>
      <Stack gap="xs">
        <Text size="sm">{stale ? 'Ces unités ont été enregistrées ou modifiées entre-temps par quelqu’un d’autre. Rechargez la page pour voir les chiffres à jour, puis recommencez.' : message}</Text>
        {stale && (
          <Group>
            <Button size="xs" variant="outline" color="red.9" onClick={onReload}>
              Recharger les unités
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** PUT /api/adhesions/:id/usage/:year/:period — one count per act type (ADS), else the units; a correction names its version. */
function UnitsForm({
  adhesion,
  money,
  period,
  service,
  onClose,
  onReload,
}: {
  adhesion: Adhesion;
  money: AdhesionYearMoney;
  period: PeriodMoney;
  service: Service | undefined;
  onClose: () => void;
  onReload: () => void;
}) {
  const queryClient = useQueryClient();
  const weights = money.actWeights;
  const types = weights ? Object.keys(weights) : [];
  const usage = period.usage;
  const correcting = !!usage;
  const [counts, setCounts] = useState<Record<string, string | number>>(() =>
    Object.fromEntries(types.map((type) => [type, usage?.actCounts ? (usage.actCounts[type] ?? 0) : ''])),
  );
  const [units, setUnits] = useState<string>(() => (usage && !weights ? unitsText(usage.units) : ''));
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const name = periodName(money.periodicity, period.period, money.year);
  const title = `${correcting ? 'Corriger' : 'Saisir'} les unités — ${name}`;
  const known = ['period', 'units', 'actCounts', ...types.map((type) => `actCounts.${type}`)];
  const labelOf = (type: string) => {
    const option = service?.options.find((o) => o.code === type);
    const name = !option ? type : option.label.includes(`(${type})`) ? option.label : `${option.label} (${type})`;
    return `${name}, poids ${weightText(weights![type])}`;
  };
  const clear = (field: string) =>
    setErrors((old) => {
      if (!old) return old;
      const fields = { ...old.fields };
      delete fields[field];
      delete fields.actCounts;
      return { ...old, fields };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    setLocalError(null);
    let body;
    if (weights) {
      const actCounts: Record<string, number | string> = {};
      for (const type of types) {
        const value = countForApi(counts[type]);
        if (value !== undefined) actCounts[type] = value;
      }
      if (Object.keys(actCounts).length === 0) {
        setLocalError('Indiquez le nombre d’actes d’au moins un type (0 si aucun acte n’a été instruit).');
        return;
      }
      body = { actCounts };
    } else {
      body = { units: unitsForApi(units) };
    }
    setSaving(true);
    try {
      await api.recordUnits(adhesion.id, money.year, period.period, { ...body, ...(usage ? { expectedVersion: usage.version } : {}) });
      void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'money'] });
      void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'usage'] });
      notifications.show({ color: 'teal.9', title: correcting ? 'Unités corrigées' : 'Unités enregistrées', message: `${adhesion.commune.name} — ${name}` });
      onClose();
    } catch (error) {
      setErrors(placeErrors(error, known));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Fermer' }}>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <FormAlert errors={errors} title="Les unités n’ont pas été enregistrées" onReload={onReload} />
          <Text size="sm">
            Du {formatDate(period.from)} au {formatDate(period.to)}
            {correcting && usage?.contest ? ` — contesté par la commune : « ${usage.contest.comment} »` : ''}
          </Text>
          {weights ? (
            <>
              <Text size="sm">Nombre d’actes instruits sur la période, par type ; chaque acte compte pour son poids en {adhesion.service.unitLabelPlural}.</Text>
              {localError && (
                <Text c="red.9" size="sm" role="alert">
                  {localError}
                </Text>
              )}
              {errors?.fields.actCounts && (
                <Text c="red.9" size="sm" role="alert">
                  {errors.fields.actCounts}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {types.map((type, index) => (
                  <NumberInput
                    key={type}
                    label={labelOf(type)}
                    name={`actCounts.${type}`}
                    allowDecimal={false}
                    thousandSeparator=" "
                    inputMode="numeric"
                    value={counts[type]}
                    onChange={(value) => {
                      setCounts((old) => ({ ...old, [type]: value }));
                      setLocalError(null);
                      clear(`actCounts.${type}`);
                    }}
                    error={errors?.fields[`actCounts.${type}`]}
                    {...(index === 0 ? { 'data-autofocus': true } : {})}
                  />
                ))}
              </SimpleGrid>
            </>
          ) : (
            <TextInput
              label={`Unités de la période (${adhesion.service.unitLabelPlural})`}
              description="Un nombre, décimales après une virgule : 12 ou 12,5"
              name="units"
              required
              inputMode="decimal"
              autoComplete="off"
              value={units}
              onChange={(e) => {
                setUnits(e.currentTarget.value);
                clear('units');
              }}
              error={errors?.fields.units}
              data-autofocus
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={saving}>
              {correcting ? 'Enregistrer la correction' : 'Enregistrer les unités'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** POST /api/adhesions/:id/usage/:year/:period/contest — the commune disputes the units, with a comment. */
function ContestForm({ adhesion, money, period, onClose, onReload }: { adhesion: Adhesion; money: AdhesionYearMoney; period: PeriodMoney; onClose: () => void; onReload: () => void }) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [saving, setSaving] = useState(false);
  const name = periodName(money.periodicity, period.period, money.year);
  const title = `Contester les unités — ${name}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    if (comment.trim().length < 3) {
      setErrors({ fields: { comment: 'Expliquez en quelques mots ce qui vous paraît inexact.' }, general: null, code: null });
      return;
    }
    setSaving(true);
    try {
      await api.contestUnits(adhesion.id, money.year, period.period, { comment: comment.trim() });
      void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'money'] });
      void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'usage'] });
      notifications.show({ color: 'teal.9', title: 'Contestation envoyée', message: `${adhesion.service.name} — ${name}` });
      onClose();
    } catch (error) {
      setErrors(placeErrors(error, ['comment', 'period']));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Fermer' }}>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <FormAlert errors={errors} title="La contestation n’a pas été enregistrée" onReload={onReload} />
          <Text size="sm">
            Unités saisies : <strong>{unitsText(period.usage?.units)}</strong>
            {period.usage?.actCounts ? ` (${actCountsText(period.usage.actCounts)})` : ''}. L’intercommunalité répondra en les corrigeant ou en les
            confirmant.
          </Text>
          <Textarea
            label="Motif de la contestation"
            description="Ce que la commune a compté, et pourquoi le chiffre saisi lui paraît inexact."
            required
            autosize
            minRows={3}
            maxRows={8}
            name="comment"
            value={comment}
            onChange={(e) => {
              setComment(e.currentTarget.value);
              setErrors((old) => (old ? { ...old, fields: {} } : old));
            }}
            error={errors?.fields.comment}
            data-autofocus
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={saving}>
              Contester
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const AUDIT_ACTIONS: Record<UsageAuditRow['action'], string> = { recorded: 'Saisie', corrected: 'Correction', contested: 'Contestation' };

function UsageTrail({ adhesionId, periodicity }: { adhesionId: string; periodicity: AdhesionYearMoney['periodicity'] }) {
  const [open, setOpen] = useState(false);
  const usage = useQuery({ queryKey: ['adhesion', adhesionId, 'usage'], queryFn: () => api.usage(adhesionId) });
  const rows = usage.data?.audit ?? [];
  return (
    <div>
      <Button variant="subtle" size="compact-sm" aria-expanded={open} aria-controls="usage-trail" onClick={() => setOpen(!open)} disabled={usage.isSuccess && rows.length === 0}>
        {usage.isSuccess && rows.length === 0 ? 'Aucune unité saisie pour le moment' : `${open ? 'Masquer' : 'Afficher'} l’historique des unités${usage.isSuccess ? ` (${rows.length})` : ''}`}
      </Button>
      <Collapse expanded={open} id="usage-trail">
        {usage.isPending ? (
          <PageLoader />
        ) : usage.isError ? (
          <QueryError error={usage.error} />
        ) : (
          <Stack component="ol" gap="xs" mt="xs" pl={0} style={{ listStyle: 'none' }}>
            {[...rows].reverse().map((row, index) => (
              <li key={`${row.at}-${index}`}>
                <Text size="sm" fw={600}>
                  {AUDIT_ACTIONS[row.action]} — {periodName(periodicity, row.period, row.year)} : {unitsText(row.units)}
                  {row.actCounts ? ` (${actCountsText(row.actCounts)})` : ''}
                </Text>
                <Text size="sm" c="dimmed">
                  {formatInstant(row.at)} · {ROLE_LABELS[row.role as keyof typeof ROLE_LABELS] ?? row.role}
                </Text>
                {row.comment && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    « {row.comment} »
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        )}
      </Collapse>
    </div>
  );
}

export function MoneySection({ adhesion, service }: { adhesion: Adhesion; service: Service | undefined }) {
  const user = useUser();
  const today = useServerToday();
  const queryClient = useQueryClient();
  const [year, setYear] = useState<number | null>(null);
  const [recording, setRecording] = useState<PeriodMoney | null>(null);
  const [contesting, setContesting] = useState<PeriodMoney | null>(null);
  const money = useQuery({
    queryKey: ['adhesion', adhesion.id, 'money', year ?? 'current', adhesion.version],
    queryFn: () => api.yearMoney(adhesion.id, year ?? undefined),
    placeholderData: (previous) => previous,
  });
  const m = money.data;
  // This year by default; a convention that ended before it opens on its last year.
  useEffect(() => {
    if (year === null && m && m.years.length > 0 && !m.years.includes(m.year)) setYear(m.years[m.years.length - 1]);
  }, [year, m]);

  if (money.isPending) return null;
  if (money.isError) {
    // No money for this adhesion (a route the server lacks, a draft): nothing to show rather than an error.
    if (money.error instanceof ApiError && money.error.status === 404) return null;
    return <QueryError error={money.error} />;
  }
  if (!m || !m.coverage) return null;

  const records = user.role === 'agent' || user.role === 'dgs';
  const contests = user.role === 'secretary';
  const unitLabel = adhesion.service.unitLabel;
  const proRata = proRataText(m.days, m.daysInYear);
  const balance = balanceText(m.balanceCents);
  const reload = () => {
    setRecording(null);
    setContesting(null);
    void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'money'] });
    void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id, 'usage'] });
  };
  const years = m.years.length > 0 ? m.years : [m.year];
  // « État annuel » (mise à disposition) or « Bilan annuel » (service commun or unifié): the server names it.
  const statementName = adhesion.availableDocuments.find((d) => d.kind === 'annual-statement')?.label ?? 'État annuel';

  return (
    <Card withBorder component="section" aria-labelledby="money-heading" data-testid="money-section">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h3" id="money-heading">
            Finances
          </Title>
          <Group align="flex-end" gap="sm">
            {years.length > 1 && (
              <NativeSelect
                label="Année"
                value={String(m.year)}
                onChange={(e) => setYear(Number(e.currentTarget.value))}
                data={years.map((y) => ({ value: String(y), label: String(y) }))}
                w={120}
              />
            )}
            {m.years.includes(m.year) && (
              <Button
                component="a"
                href={downloads.annualStatement(adhesion.id, m.year)}
                download
                variant="light"
                leftSection={<IconDownload size={18} aria-hidden="true" />}
              >
                {statementName} {m.year} (PDF)
              </Button>
            )}
          </Group>
        </Group>

        <DataList>
          <Fact label="Coût unitaire">
            {m.costModel === 'keys' ? (
              unitCostSourceSentence(m)
            ) : (
              <>
                <strong data-testid="money-unit-cost">
                  {m.unitCostCents === null
                    ? 'non fixé'
                    : m.unitCosts.length > 1
                      ? // An avenant changed the cost within the year: each cost with the days it applied to.
                        m.unitCosts.map((c) => `${formatCents(c.unitCostCents)} par ${unitLabel} du ${formatDate(c.from)} au ${formatDate(c.to)}`).join(', puis ')
                      : `${formatCents(m.unitCostCents)} par ${unitLabel}`}
                </strong>
                {' — '}
                {unitCostSourceSentence(m)}
              </>
            )}
          </Fact>
          <Fact label="Période couverte">
            {proRata ? (
              <>
                <strong data-testid="money-pro-rata">{proRata}</strong> en {m.year} (prorata des jours en vigueur)
              </>
            ) : (
              `Toute l’année ${m.year}`
            )}
          </Fact>
          <Fact label="Paiement">
            {PERIODICITY_LABELS[m.periodicity]} · {SETTLEMENT_LABELS[m.settlement]}
          </Fact>
        </DataList>

        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Figure
            label={`Prévision ${m.year}`}
            value={formatCents(m.forecastCents)}
            testId="money-forecast"
            note={m.costModel === 'unit' && m.unitCostCents !== null ? `${unitsText(m.forecastUnits)} ${adhesion.service.unitLabelPlural} prévus${proRata ? `, ${proRata}` : ''}` : undefined}
          />
          <Figure
            label="Montant dû"
            value={m.actualCents === null ? 'à venir' : formatCents(m.actualCents)}
            testId="money-actual"
            note={m.actualCents === null ? 'quand les unités de toutes les périodes seront saisies' : `${unitsText(m.actualUnits)} ${adhesion.service.unitLabelPlural} saisis`}
          />
          <Figure label="Versements facturés" value={formatCents(m.invoicedCents)} testId="money-invoiced" note="échéances des périodes échues" />
          <Figure label={balance.label} value={balance.tone === 'unknown' ? 'à venir' : balance.amount} testId="money-balance" note={balance.tone === 'unknown' ? balance.amount : undefined} />
        </SimpleGrid>
        {!m.final && (
          <Text size="sm" c="dimmed">
            Chiffres provisoires : ils seront définitifs quand toutes les périodes de {m.year} seront échues et leurs unités saisies.
          </Text>
        )}

        {/* On a phone (below 40em) each period becomes a card, its cells labelled (global.css). */}
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" className="stack-on-phone" data-testid="money-periods">
            <Table.Caption>
              Périodes de {m.year} : échéances et unités ({adhesion.service.unitLabelPlural})
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Période</Table.Th>
                <Table.Th scope="col" ta="right">
                  Jours
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Échéance
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Unités saisies
                </Table.Th>
                <Table.Th scope="col">État</Table.Th>
                {(records || contests) && (
                  <Table.Th scope="col">
                    <span className="sr-only">Actions</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.periods.map((p) => {
                const name = periodName(m.periodicity, p.period, m.year);
                const status = periodStatus(p, today);
                const mayContest = contests && !!p.usage && !p.usage.contest && today <= p.usage.contestUntil;
                return (
                  <Table.Tr key={p.period} data-period={p.period}>
                    <Table.Th scope="row">
                      {name}
                      <Text size="xs" c="dimmed" fw={400}>
                        du {formatDate(p.from)} au {formatDate(p.to)}
                      </Text>
                    </Table.Th>
                    <Table.Td ta="right" data-label="Jours">
                      {p.days}
                    </Table.Td>
                    <Table.Td ta="right" data-label="Échéance">
                      <span>
                        {formatCents(p.instalmentCents)}
                        {p.closed && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            (facturée)
                          </Text>
                        )}
                      </span>
                    </Table.Td>
                    <Table.Td ta="right" data-label="Unités saisies" data-testid="period-units">
                      {p.usage ? (
                        <span>
                          {unitsText(p.usage.units)}
                          {p.usage.actCounts && Object.keys(p.usage.actCounts).length > 0 && (
                            <Text span size="xs" display="block">
                              {actCountsText(p.usage.actCounts)}
                            </Text>
                          )}
                        </span>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td data-label="État" data-testid="period-status">
                      <span>
                        <Badge variant="filled" tt="none" radius="sm" color={STATUS_COLORS[status.kind]} styles={WRAPPING_BADGE}>
                          {status.text}
                        </Badge>
                        {p.usage?.contest && (
                          <Text size="xs" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                            « {p.usage.contest.comment} »
                          </Text>
                        )}
                        {p.usage && !p.usage.contest && today <= p.usage.contestUntil && (
                          <Text size="xs" c="dimmed" mt={4}>
                            Contestable jusqu’au {formatDate(p.usage.contestUntil)}
                          </Text>
                        )}
                      </span>
                    </Table.Td>
                    {(records || contests) && (
                      <Table.Td data-label="Action">
                        {records && p.from <= today ? (
                          <Button size="compact-sm" variant={p.usage ? 'outline' : 'filled'} onClick={() => setRecording(p)} aria-label={`${p.usage ? 'Corriger les unités' : 'Saisir les unités'} — ${name}`}>
                            {p.usage ? 'Corriger' : 'Saisir les unités'}
                          </Button>
                        ) : mayContest ? (
                          <Button size="compact-sm" variant="outline" onClick={() => setContesting(p)} aria-label={`Contester les unités — ${name}`}>
                            Contester
                          </Button>
                        ) : null}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        <UsageTrail adhesionId={adhesion.id} periodicity={m.periodicity} />

        {recording && (
          <UnitsForm
            key={`${recording.period}-${recording.usage?.version ?? 0}`}
            adhesion={adhesion}
            money={m}
            period={recording}
            service={service}
            onClose={() => setRecording(null)}
            onReload={reload}
          />
        )}
        {contesting && <ContestForm adhesion={adhesion} money={m} period={contesting} onClose={() => setContesting(null)} onReload={reload} />}
      </Stack>
    </Card>
  );
}
