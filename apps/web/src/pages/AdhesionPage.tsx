// One adhesion: its state, what the caller may do now (one button per allowed action), the facts of the
// dossier, its cost, its documents, its history and the lifecycle with the current state highlighted.
import { Alert, Anchor, Button, Card, Checkbox, DataList, Grid, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconEdit, IconMessageQuestion } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, type Adhesion, type AllowedAction, type Service } from '../api';
import { useUser } from '../auth';
import { placeErrors, type PlacedErrors } from '../components/errors';
import { AmendmentCard } from '../components/AmendmentCard';
import { EventForm } from '../components/EventForm';
import type { FormValues } from '../lib/payload';
import { Attachments } from '../components/Attachments';
import { History } from '../components/History';
import { MoneySection } from '../components/MoneySection';
import { OptionsAndUnits } from '../components/OptionsAndUnits';
import { Crumbs } from '../components/Crumbs';
import { PageLoader, QueryError } from '../components/QueryState';
import { StateBadge } from '../components/StateBadge';
import { Statechart } from '../components/Statechart';
import { deName, formatCents, formatDate, formatInstantDate, formatUnits, PARTY_LABELS } from '../format';
import { useDocumentTitle, useServerToday } from '../hooks';
import { formatOf, stepDocuments } from '../lib/step-documents';
import { inForceLabel } from '../lib/in-force';
import { estimateFormula, PERIODICITY_LABELS } from '../lib/money';

/** The moves that end or refuse something: drawn in red, never the filled button. */
const DESTRUCTIVE = ['WITHDRAW', 'REJECT', 'DECLARE_INADMISSIBLE', 'DECLINE_PROPOSAL', 'DECLINE_RENEWAL', 'GIVE_NOTICE', 'REFUSE_AMENDMENT', 'REFUSE_RENEWAL', 'PROPOSE_TERMINATION', 'ACCEPT_TERMINATION', 'REFUSE_TERMINATION'];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** An avenant's options are chosen among the service's: the form shows them as boxes to tick. */
function withServiceOptions(action: AllowedAction, service: Service | undefined): AllowedAction {
  const choices = service?.options.map((o) => ({ value: o.code, label: o.label })) ?? [];
  return { ...action, fields: action.fields.filter((f) => f.type !== 'options' || choices.length > 0).map((f) => (f.type === 'options' ? { ...f, options: choices } : f)) };
}

/** Sensible starting values: what the study or the proposal already says. */
function defaultsFor(action: AllowedAction, adhesion: Adhesion, service: Service | undefined): FormValues {
  const d = adhesion.details;
  switch (action.type) {
    case 'SUBMIT_STUDY':
      return { forecastUnits: adhesion.forecastUnits };
    case 'ISSUE_PROPOSAL':
      // A renewal at term: the old convention's terms, starting the day its term ends (no gap).
      if (d.renewalOf?.draft) {
        const draft = d.renewalOf.draft;
        return {
          unitCostCents: draft.unitCostCents / 100,
          forecastUnits: draft.forecastUnits,
          startDate: d.renewalOf.startDate,
          ...(action.fields.some((f) => f.name === 'periodicity') ? { periodicity: draft.periodicity ?? 'yearly' } : {}),
          ...(action.fields.some((f) => f.name === 'costRevision') ? { costRevision: draft.costRevision ?? 'yearly' } : {}),
        };
      }
      return {
        forecastUnits: d.study?.forecastUnits ?? adhesion.forecastUnits,
        ...(service?.unitCostCents ? { unitCostCents: service.unitCostCents / 100 } : {}),
        // The server's defaults, shown checked: yearly payments, the cost notified each year.
        ...(action.fields.some((f) => f.name === 'periodicity') ? { periodicity: 'yearly' } : {}),
        ...(action.fields.some((f) => f.name === 'costRevision') ? { costRevision: 'yearly' } : {}),
      };
    case 'CONFIRM_RENEWAL':
      return { plannedUnits: d.terms?.forecastUnits ?? adhesion.forecastUnits };
    case 'PROPOSE_AMENDMENT':
      return {
        ...(d.terms ? { 'terms.unitCostCents': d.terms.unitCostCents / 100, 'terms.forecastUnits': d.terms.forecastUnits } : {}),
        options: adhesion.options,
      };
    case 'SIGN':
      return {};
    default:
      return {};
  }
}

/** Which unit cost applies each year, as the proposal and the convention state it. */
const COST_REVISION_LABELS: Record<'yearly' | 'fixed', string> = {
  yearly: 'Le coût notifié chaque année par l’intercommunalité (celui de la proposition à titre provisoire)',
  fixed: 'Celui de la proposition, pour toute la durée de la convention',
};

function ProposalSummary({ adhesion }: { adhesion: Adhesion }) {
  const p = adhesion.details.proposal;
  if (!p) return null;
  return (
    <DataList>
      <Fact label="Coût unitaire">{formatCents(p.unitCostCents)} par {adhesion.service.unitLabel}</Fact>
      <Fact label="Unités prévisionnelles par an">{formatUnits(p.forecastUnits)}</Fact>
      <Fact label="Montant annuel prévisionnel">{formatCents(adhesion.proposalAmountCents)}</Fact>
      <Fact label="Paiement">{PERIODICITY_LABELS[p.periodicity ?? 'yearly']}</Fact>
      <Fact label="Coût unitaire applicable">{COST_REVISION_LABELS[p.costRevision ?? 'yearly']}</Fact>
      <Fact label="Début souhaité">{formatDate(p.startDate)}</Fact>
      <Fact label="Valable jusqu’au">{formatDate(p.validUntil)}</Fact>
    </DataList>
  );
}

/** Submits a dialog's form: the errors placed on its `fields` (or above them), the button loading meanwhile. */
function useDialogSubmit(fields: readonly string[], action: () => Promise<void>) {
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    setSaving(true);
    try {
      await action();
    } catch (error) {
      setErrors(placeErrors(error, fields));
    } finally {
      setSaving(false);
    }
  };
  return { errors, setErrors, saving, submit };
}

/** A dialog's form (`form`, from useDialogSubmit): the error of the whole form above its fields under `failure`, « Annuler » and `submitLabel` below. */
function DialogForm({
  title,
  failure,
  submitLabel,
  form: { errors, saving, submit },
  onClose,
  children,
}: {
  title: string;
  failure: string;
  submitLabel: string;
  form: ReturnType<typeof useDialogSubmit>;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors?.general && (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title={failure}>
              {errors.general}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * « Renouveler la convention » (POST /api/adhesions/:id/renewal): a new request pre-filled from this convention,
 * whose convention starts the day this one's term ends. The DGS may ask for a study; by default there is none.
 */
function RenewDialog({ adhesion, isDgs, onClose }: { adhesion: Adhesion; isDgs: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [study, setStudy] = useState(false);
  const form = useDialogSubmit(['study'], async () => {
    const next = await api.renewConvention(adhesion.id, isDgs && study ? { study: true } : {});
    void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesion.id] });
    void queryClient.invalidateQueries({ queryKey: ['adhesions'] });
    notifications.show({ color: 'teal.9', title: 'Convention renouvelée', message: 'La nouvelle demande est créée, reprenant les conditions actuelles.' });
    navigate(`/adhesions/${next.id}`);
  });
  const termEnd = adhesion.details.startDate ? formatDate(addYears(adhesion.details.startDate, 3)) : null;
  return (
    <DialogForm title="Renouveler la convention" failure="La convention n’a pas été renouvelée" submitLabel="Renouveler la convention" form={form} onClose={onClose}>
      <Text>
        Une nouvelle demande est créée pour la même commune et le même service, reprenant les options, les unités prévues et les conditions
        financières de la convention actuelle.{termEnd ? ` La nouvelle convention commencera le ${termEnd}, jour du terme de l’actuelle, après les délibérations et les signatures.` : ''}
      </Text>
      {isDgs && (
        <Checkbox
          label="Demander une étude du renouvellement (sinon, la proposition suit directement l’accusé de réception)"
          checked={study}
          onChange={(e) => setStudy(e.currentTarget.checked)}
          error={form.errors?.fields.study || undefined}
        />
      )}
    </DialogForm>
  );
}

/** '2026-04-05' + 3 years, as the server counts anniversaries (29 February → 28 February). */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** PATCH /api/adhesions/:id: a draft's options and forecast units, before it is sent. */
function DraftEditor({ adhesion, service, onClose, onDone }: { adhesion: Adhesion; service: Service; onClose: () => void; onDone: (next: Adhesion) => void }) {
  const [options, setOptions] = useState<string[]>(adhesion.options);
  const [units, setUnits] = useState<number | string>(adhesion.forecastUnits);
  const form = useDialogSubmit(['options', 'forecastUnits'], async () => {
    const forecastUnits = typeof units === 'number' ? units : Number(String(units).replace(',', '.'));
    onDone(await api.updateDraft(adhesion.id, adhesion.version, { options, forecastUnits }));
  });
  return (
    <DialogForm title="Modifier le brouillon" failure="Le brouillon n’a pas été modifié" submitLabel="Enregistrer" form={form} onClose={onClose}>
      <OptionsAndUnits service={service} options={options} setOptions={setOptions} units={units} setUnits={setUnits} errors={form.errors} setErrors={form.setErrors} />
    </DialogForm>
  );
}

export default function AdhesionPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const today = useServerToday();
  const adhesion = useQuery({ queryKey: ['adhesion', id], queryFn: () => api.adhesion(id) });
  const estimate = useQuery({ queryKey: ['adhesion', id, 'estimate', adhesion.data?.version], queryFn: () => api.estimate(id), enabled: !!adhesion.data });
  const services = useQuery({ queryKey: ['services'], queryFn: api.services });
  const [open, setOpen] = useState<AllowedAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [renewing, setRenewing] = useState(false);
  // The diagram is a tool for the EPCI; a secretary sees the steps in words and opens it if she wishes.
  const [lifecycle, setLifecycle] = useState<boolean | null>(null);
  const lifecycleShown = lifecycle ?? user.role !== 'secretary';
  const a = adhesion.data;
  useDocumentTitle(a ? `${a.service.name} — ${a.commune.name}` : 'Dossier');

  if (adhesion.isPending) return <PageLoader />;
  if (adhesion.isError || !a) return <QueryError error={adhesion.error} emptyTitle="Dossier introuvable" />;

  const service = services.data?.find((s) => s.code === a.service.code);
  const d = a.details;
  const optionLabels = a.options.map((code) => service?.options.find((o) => o.code === code)?.label ?? code);

  const done = (next: Adhesion, action: AllowedAction) => {
    queryClient.setQueryData(['adhesion', id], next);
    void queryClient.invalidateQueries({ queryKey: ['adhesions'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    setOpen(null);
    // The new state as precisely as the page shows it: the leaves (« Étude à valider par la DGS »), not their parent.
    const leaves = next.stateDetail.map((s) => s.label).join(' · ') || next.stateLabel;
    notifications.show({ color: 'teal.9', title: 'Action enregistrée', message: `${action.label} — ${leaves}` });
  };
  const reload = () => {
    setOpen(null);
    void queryClient.invalidateQueries({ queryKey: ['adhesion', id] });
  };

  const backLink =
    user.role === 'secretary' ? (
      <Anchor component={Link} to="/mon-portefeuille">
        Mon portefeuille
      </Anchor>
    ) : (
      <Anchor component={Link} to={`/communes/${a.commune.insee}`}>
        {a.commune.name}
      </Anchor>
    );


  return (
    <Stack>
      <Crumbs>
        {user.role === 'dgs' || user.role === 'agent' ? (
          <Anchor component={Link} to="/a-traiter">
            À traiter
          </Anchor>
        ) : null}
        {backLink}
        <Text span aria-current="page">
          {a.service.name}
        </Text>
      </Crumbs>
      <div>
        <Title order={1}>{a.service.name}</Title>
        <Text size="lg">Commune {deName(a.commune.name)}</Text>
      </div>
      <Group gap="xs" data-testid="adhesion-state">
        <Text fw={600}>État :</Text>
        <StateBadge state={a.state} label={a.stateLabel} size="lg" />
        {a.stateDetail.length > 0 && a.stateDetail.some((s) => s.id !== a.state) && (
          <Text data-testid="state-detail">{a.stateDetail.map((s) => s.label).join(' · ')}</Text>
        )}
      </Group>

      {d.openQuestion && (
        <Alert color="blue" variant="light" icon={<IconMessageQuestion aria-hidden="true" />} title="Question de l’intercommunalité">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{d.openQuestion}</Text>
        </Alert>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
        <Title order={2} size="h3" id="actions-heading" mb="sm">
          Actions possibles
        </Title>
        {a.allowedActions.length === 0 ? (
          <Text>
            {a.final
              ? 'Ce dossier est clos.'
              : user.role === 'admin'
                ? 'L’administrateur consulte les dossiers sans agir.'
                : 'Aucune action ne vous est demandée pour le moment.'}
          </Text>
        ) : (
          <Group gap="sm">
            {/* The server names the next step of the lifecycle (primaryAction): the only filled button, first. */}
            {[...a.allowedActions]
              .sort((x, y) => Number(y.type === a.primaryAction) - Number(x.type === a.primaryAction))
              .map((action) => (
              <Button
                key={action.type}
                variant={action.type === a.primaryAction ? 'filled' : 'outline'}
                color={DESTRUCTIVE.includes(action.type) ? 'red.9' : undefined}
                data-primary={action.type === a.primaryAction ? 'true' : undefined}
                onClick={() => setOpen(action)}
              >
                {action.label}
              </Button>
            ))}
            {a.canRenew && (
              <Button variant="outline" onClick={() => setRenewing(true)}>
                Renouveler la convention
              </Button>
            )}
            {a.state === 'draft' && service && (user.role === 'secretary' || user.role === 'dgs') && (
              <Button variant="subtle" leftSection={<IconEdit size={18} aria-hidden="true" />} onClick={() => setEditing(true)}>
                Modifier le brouillon
              </Button>
            )}
          </Group>
        )}
        {stepDocuments(a.state, a.availableDocuments).length > 0 && (
          <Group gap="sm" mt="sm" data-testid="step-documents">
            {stepDocuments(a.state, a.availableDocuments).map((document) => (
              <Button key={document.url} component="a" href={document.url} download variant="light" leftSection={<IconDownload size={18} aria-hidden="true" />}>
                {document.label} ({document.format})
              </Button>
            ))}
          </Group>
        )}
      </Paper>

      <AmendmentCard adhesion={a} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder component="section" aria-labelledby="facts-heading" h="100%">
            <Title order={2} size="h3" id="facts-heading" mb="sm">
              Le dossier
            </Title>
            <DataList>
              <Fact label="Options à la carte">{optionLabels.length ? optionLabels.join(', ') : 'Aucune'}</Fact>
              <Fact label="Unités prévues par an">
                {formatUnits(a.forecastUnits)} {a.service.unitLabelPlural}
              </Fact>
              <Fact label="Prochaine échéance">{a.nextDeadline ? `${a.nextDeadline.label}, le ${formatInstantDate(a.nextDeadline.at)}` : 'Aucune'}</Fact>
              {d.startDate && <Fact label={inForceLabel(a)}>{formatDate(d.startDate)}</Fact>}
              {d.year > 0 && <Fact label="Année de la convention">{d.year} sur 3</Fact>}
              {d.study && (
                <Fact label="Étude">
                  {formatUnits(d.study.forecastUnits)} unités par an ; impact sur le personnel : {d.study.staffImpact ? 'oui' : 'non'}
                  {d.study.notes ? ` — ${d.study.notes}` : ''}
                </Fact>
              )}
              {d.cstOpinion && (
                <Fact label="Avis du comité social territorial">
                  {d.cstOpinion.opinion === 'favourable' ? 'Favorable' : 'Défavorable'} ({formatDate(d.cstOpinion.date)})
                </Fact>
              )}
              {(['commune', 'epci'] as const).map((party) =>
                d.deliberations[party] ? (
                  <Fact key={`del-${party}`} label={`Délibération — ${PARTY_LABELS[party]}`}>
                    {d.deliberations[party]!.outcome === 'adopted' ? 'Adoptée' : 'Rejetée'}, n° {d.deliberations[party]!.number} du {formatDate(d.deliberations[party]!.date)}
                  </Fact>
                ) : null,
              )}
              {(['commune', 'epci'] as const).map((party) =>
                d.signatures[party] ? (
                  <Fact key={`sig-${party}`} label={`Signature — ${PARTY_LABELS[party]}`}>
                    {d.signatures[party]!.signatoryName} ({d.signatures[party]!.signatoryQuality}), le {formatDate(d.signatures[party]!.date)}
                  </Fact>
                ) : null,
              )}
              {d.notice && (
                <Fact label="Préavis de résiliation">
                  Donné par {PARTY_LABELS[d.notice.party]} le {formatDate(d.notice.givenOn)}, effet le {formatDate(d.notice.effectiveDate)} — {d.notice.reason}
                </Fact>
              )}
              {d.termination && (
                <Fact label="Résiliation d’un commun accord">
                  Proposée par {PARTY_LABELS[d.termination.proposedBy]} le {formatDate(d.termination.proposedOn)} pour le {formatDate(d.termination.effectiveDate)}
                  {d.termination.agreedOn ? `, acceptée le ${formatDate(d.termination.agreedOn)}` : ', en attente de réponse'} — {d.termination.reason}
                </Fact>
              )}
              {a.renews && (
                <Fact label="Renouvelle la convention">
                  <Anchor component={Link} to={`/adhesions/${a.renews}`}>
                    Convention précédente
                  </Anchor>
                  {d.renewalOf ? ` — à compter du ${formatDate(d.renewalOf.startDate)}` : ''}
                </Fact>
              )}
              {a.renewedBy && (
                <Fact label="Renouvelée par">
                  <Anchor component={Link} to={`/adhesions/${a.renewedBy}`}>
                    Nouvelle convention
                  </Anchor>
                </Fact>
              )}
              {d.closingReason && <Fact label="Motif de clôture">{d.closingReason}</Fact>}
            </DataList>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack h="100%">
            <Card withBorder component="section" aria-labelledby="cost-heading">
              <Title order={2} size="h3" id="cost-heading" mb="sm">
                Coût annuel
              </Title>
              {estimate.isError ? (
                <Text>Estimation indisponible.</Text>
              ) : !estimate.data ? (
                <Text>Calcul…</Text>
              ) : !estimate.data.available ? (
                <Text>Le coût unitaire de {estimate.data.year} n’est pas encore notifié.</Text>
              ) : (
                <>
                  {/* The forecast of the Finances section, by the same model: pro rata of the days in force. */}
                  <Text data-testid="annual-cost">
                    <strong>{formatCents(estimate.data.annualAmountCents)}</strong> en {estimate.data.year} ({estimateFormula(estimate.data)})
                  </Text>
                  {estimate.data.unitCostSource === 'convention_provisional' && (
                    <Text size="sm" c="dimmed">
                      Coût de la convention, provisoire : le coût {estimate.data.year} n’est pas encore notifié.
                    </Text>
                  )}
                </>
              )}
            </Card>
            {d.proposal && (
              <Card withBorder component="section" aria-labelledby="proposal-heading">
                <Title order={2} size="h3" id="proposal-heading" mb="sm">
                  Proposition de l’intercommunalité
                </Title>
                <ProposalSummary adhesion={a} />
              </Card>
            )}
            {a.availableDocuments.length > 0 && (
              <Card withBorder component="section" aria-labelledby="documents-heading">
                <Title order={2} size="h3" id="documents-heading" mb="sm">
                  Documents
                </Title>
                <List spacing="xs" listStyleType="none" withPadding={false}>
                  {a.availableDocuments.map((document) => (
                    <List.Item key={document.url}>
                      <Anchor href={document.url} download>
                        <IconDownload size={16} aria-hidden="true" /> {document.label} ({formatOf(document.url)})
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <MoneySection adhesion={a} service={service} />

      <Attachments adhesionId={a.id} today={today} />

      <Card withBorder component="section" aria-labelledby="history-heading">
        <Title order={2} size="h3" id="history-heading" mb="sm">
          Historique
        </Title>
        <History adhesionId={a.id} version={a.version} service={service} />
      </Card>
      <Card withBorder component="section" aria-labelledby="lifecycle-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="lifecycle-heading">
            Cycle de vie
          </Title>
          <Button variant="subtle" size="compact-sm" aria-expanded={lifecycleShown} aria-controls="lifecycle-diagram" onClick={() => setLifecycle(!lifecycleShown)}>
            {lifecycleShown ? 'Masquer le schéma' : 'Afficher le schéma'}
          </Button>
        </Group>
        <div id="lifecycle-diagram">{lifecycleShown && <Statechart current={a.stateDetail} />}</div>
      </Card>

      {renewing && <RenewDialog adhesion={a} isDgs={user.role === 'dgs'} onClose={() => setRenewing(false)} />}

      {editing && service && (
        <DraftEditor
          adhesion={a}
          service={service}
          onClose={() => setEditing(false)}
          onDone={(next) => {
            queryClient.setQueryData(['adhesion', id], next);
            void queryClient.invalidateQueries({ queryKey: ['adhesions'] });
            setEditing(false);
            notifications.show({ color: 'teal.9', title: 'Brouillon modifié', message: a.service.name });
          }}
        />
      )}
      {open && (
        <EventForm
          key={`${open.type}-${a.version}`}
          adhesion={a}
          action={withServiceOptions(open, service)}
          today={today}
          defaults={defaultsFor(open, a, service)}
          intro={open.type === 'ACCEPT_PROPOSAL' ? <ProposalSummary adhesion={a} /> : undefined}
          onClose={() => setOpen(null)}
          onDone={(next) => done(next, open)}
          onStale={reload}
        />
      )}
    </Stack>
  );
}
