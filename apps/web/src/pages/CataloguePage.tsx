// The catalogue of shared services with this year's unit costs. A secretary asks for a service; the DGS
// keeps the catalogue and the yearly unit costs up to date.
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBell, IconChartPie, IconCoin, IconEdit, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, isMissingEndpoint, type AdhesionSummary, type Service, type ServicePatch, type UnitCostNotification } from '../api';
import { useUser } from '../auth';
import { placeErrors, type PlacedErrors } from '../components/errors';
import { PageLoader, QueryError } from '../components/QueryState';
import { StateBadge } from '../components/StateBadge';
import { eurosToCents, formatCents, formatInstantDate } from '../format';
import { useDocumentTitle } from '../hooks';

const KEY_BASIS_FR: Record<NonNullable<Service['keyBasis']>, string> = {
  population: 'la population',
  forecastUnits: 'les unités prévues',
  fixed: 'des pourcentages fixés par la convention',
  mixed: 'la population et les unités prévues',
};

export function costLine(service: Service): string {
  if (service.costModel === 'keys') {
    const basis = KEY_BASIS_FR[service.keyBasis ?? 'population'];
    return service.totalCostCents === null
      ? `Coût partagé selon ${basis} — total ${service.year} pas encore fixé`
      : `Coût total ${service.year}${service.notifiedAt ? '' : ' (pas encore notifié)'} : ${formatCents(service.totalCostCents)}, partagé selon ${basis}`;
  }
  return service.unitCostCents === null
    ? `Coût unitaire ${service.year} pas encore fixé`
    : `${formatCents(service.unitCostCents)} par ${service.unitLabel} (${service.year}${service.notifiedAt ? '' : ', pas encore notifié'})`;
}

/** The year's cost that gets notified: the unit cost, or the total of a service shared by keys. */
const costOf = (service: Pick<Service, 'costModel' | 'unitCostCents' | 'totalCostCents'>): number | null =>
  service.costModel === 'keys' ? service.totalCostCents : service.unitCostCents;

/** « 185,00 € par permis » or « 120 000,00 € à répartir ». */
const amountText = (service: Service, cents: number): string =>
  service.costModel === 'keys' ? `${formatCents(cents)} à répartir` : `${formatCents(cents)} par ${service.unitLabel}`;

interface Notifying {
  service: Service;
  year: number;
  amountCents: number;
}

/** Whether this year's cost reached the communes: once notified, it no longer changes. */
function NotificationStatus({ service }: { service: Service }) {
  if (costOf(service) === null) return null;
  return service.notifiedAt ? (
    <Text size="sm" data-testid="cost-notified">
      <Badge variant="filled" color="teal.9" tt="none" radius="sm" mr={6}>
        Notifié
      </Badge>
      aux communes le {formatInstantDate(service.notifiedAt)} : il ne peut plus être modifié.
    </Text>
  ) : (
    <Text size="sm" data-testid="cost-notified">
      <Badge variant="filled" color="gray.7" tt="none" radius="sm" mr={6}>
        Non notifié
      </Badge>
      Le coût {service.year} n’a pas encore été notifié aux communes.
    </Text>
  );
}

export default function CataloguePage() {
  useDocumentTitle('Catalogue des services');
  const user = useUser();
  const services = useQuery({ queryKey: ['services'], queryFn: api.services });
  const mine = useQuery({
    queryKey: ['adhesions', { commune: user.communeInsee }],
    queryFn: () => api.allAdhesions({ commune: user.communeInsee ?? undefined }),
    enabled: user.role === 'secretary',
  });
  const [editing, setEditing] = useState<Service | null>(null);
  const [costing, setCosting] = useState<Service | null>(null);
  const [notifying, setNotifying] = useState<Notifying | null>(null);
  const isDgs = user.role === 'dgs';

  const liveOf = (code: string): AdhesionSummary | undefined =>
    mine.data?.find((a) => a.service.code === code && !a.final);

  return (
    <Stack>
      <Title order={1}>Catalogue des services</Title>
      <Text>
        {user.role === 'secretary'
          ? 'Les services communs que l’intercommunalité propose à votre commune, « à la carte » : choisissez un service, ses options et vos volumes prévisionnels.'
          : 'Les services communs proposés aux communes membres et leurs coûts unitaires de l’année.'}
      </Text>
      {services.isPending && <PageLoader />}
      {services.isError && <QueryError error={services.error} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {services.data?.map((service) => {
          const live = liveOf(service.code);
          return (
            <Card key={service.code} withBorder shadow="xs" padding="lg" component="article" aria-labelledby={`service-${service.code}`}>
              <Stack gap="xs" h="100%">
                <Title order={2} size="h4" id={`service-${service.code}`}>
                  {service.name}
                </Title>
                <Text size="sm">{service.description}</Text>
                <Text size="sm" fw={600}>
                  {costLine(service)}
                </Text>
                {isDgs && <NotificationStatus service={service} />}
                {service.options.length > 0 && (
                  <>
                    <Text size="sm" fw={600} id={`options-${service.code}`}>
                      Options à la carte
                    </Text>
                    <List size="sm" spacing={2} aria-labelledby={`options-${service.code}`}>
                      {service.options.map((o) => (
                        <List.Item key={o.code}>{o.label}</List.Item>
                      ))}
                    </List>
                  </>
                )}
                <Text size="xs" c="dimmed">
                  Unité : {service.unitLabel} · préavis {service.noticePeriodMonths} mois · reconduction ouverte {service.renewalWindowDays} jours avant
                  l’échéance
                  {service.processesPersonalData && ' · traite des données personnelles pour la commune (clause RGPD, art. 28)'}
                </Text>
                <Group mt="auto" pt="sm" gap="xs">
                  {user.role === 'secretary' &&
                    (live ? (
                      <Group gap="xs">
                        <Text size="sm">Déjà demandé :</Text>
                        <StateBadge state={live.state} label={live.stateLabel} size="sm" />
                        <Anchor component={Link} to={`/adhesions/${live.id}`} size="sm">
                          Voir le dossier<span className="sr-only"> {service.name}</span>
                        </Anchor>
                      </Group>
                    ) : (
                      <Button component={Link} to={`/catalogue/${service.code}/demander`} leftSection={<IconSend size={18} aria-hidden="true" />} aria-label={`Demander ce service : ${service.name}`}>
                        Demander ce service
                      </Button>
                    ))}
                  {isDgs && (
                    <>
                      <Button variant="light" leftSection={<IconEdit size={18} aria-hidden="true" />} onClick={() => setEditing(service)} aria-label={`Modifier le service ${service.name}`}>
                        Modifier
                      </Button>
                      <Button variant="light" leftSection={<IconCoin size={18} aria-hidden="true" />} onClick={() => setCosting(service)} aria-label={`Coûts de l’année du service ${service.name}`}>
                        Coût de l’année
                      </Button>
                      {costOf(service) !== null && !service.notifiedAt && (
                        <Button
                          variant="light"
                          leftSection={<IconBell size={18} aria-hidden="true" />}
                          onClick={() => setNotifying({ service, year: service.year, amountCents: costOf(service)! })}
                          aria-label={`Notifier aux communes le coût ${service.year} du service ${service.name}`}
                        >
                          Notifier aux communes
                        </Button>
                      )}
                    </>
                  )}
                  {(isDgs || user.role === 'admin') && (
                    <Button variant="subtle" component={Link} to={`/repartition/${service.code}`} leftSection={<IconChartPie size={18} aria-hidden="true" />} aria-label={`Membres et répartition du service ${service.name}`}>
                      Membres et répartition
                    </Button>
                  )}
                </Group>
                {service.costModel === 'keys' && (
                  <Badge variant="outline" color="gray.8" tt="none">
                    Réparti par clé
                  </Badge>
                )}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      {editing && <ServiceEditModal service={editing} onClose={() => setEditing(null)} />}
      {costing && (
        <UnitCostModal
          service={costing}
          onClose={() => setCosting(null)}
          onNotify={(year, amountCents) => {
            setNotifying({ service: costing, year, amountCents });
            setCosting(null);
          }}
        />
      )}
      {notifying && <NotifyModal {...notifying} onClose={() => setNotifying(null)} />}
    </Stack>
  );
}

function FormAlert({ errors, unavailable }: { errors: PlacedErrors | null; unavailable: boolean }) {
  if (unavailable) {
    return (
      <Alert color="gray" variant="light" role="alert" title="Modification impossible pour le moment">
        Le serveur ne permet pas encore cette modification.
      </Alert>
    );
  }
  if (!errors?.general) return null;
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title="La modification n’a pas été enregistrée">
      {errors.general}
    </Alert>
  );
}

/** PATCH /api/services/:code — name, description, notice period, renewal window, reminder offsets, personal data. */
function ServiceEditModal({ service, onClose }: { service: Service; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(service.name);
  const [description, setDescription] = useState(service.description);
  const [notice, setNotice] = useState<number | string>(service.noticePeriodMonths);
  const [renewalWindow, setRenewalWindow] = useState<number | string>(service.renewalWindowDays);
  const [offsets, setOffsets] = useState(service.reminderOffsets.join(', '));
  const [personalData, setPersonalData] = useState(service.processesPersonalData);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (patch: ServicePatch) => api.updateService(service.code, patch),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      notifications.show({ color: 'teal.9', title: 'Service modifié', message: name });
      onClose();
    },
  });
  const errors = mutation.error ? placeErrors(mutation.error, ['name', 'description', 'noticePeriodMonths', 'renewalWindowDays', 'reminderOffsets', 'processesPersonalData']) : null;
  const fieldError = (field: string) => localErrors[field] ?? errors?.fields[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = offsets
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((part) => Number(part));
    if (parsed.some((n) => !Number.isInteger(n) || n < 0)) {
      setLocalErrors({ reminderOffsets: 'Indiquez des nombres entiers de jours, séparés par des virgules.' });
      return;
    }
    setLocalErrors({});
    const patch: ServicePatch = {};
    if (name !== service.name) patch.name = name;
    if (description !== service.description) patch.description = description;
    if (Number(notice) !== service.noticePeriodMonths) patch.noticePeriodMonths = Number(notice);
    if (Number(renewalWindow) !== service.renewalWindowDays) patch.renewalWindowDays = Number(renewalWindow);
    if (parsed.join(',') !== service.reminderOffsets.join(',')) patch.reminderOffsets = parsed;
    if (personalData !== service.processesPersonalData) patch.processesPersonalData = personalData;
    mutation.mutate(patch);
  };

  return (
    <Modal opened onClose={onClose} title={`Modifier « ${service.name} »`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert errors={errors} unavailable={isMissingEndpoint(mutation.error)} />
          <TextInput label="Nom du service" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} />
          <Textarea label="Description" autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError('description')} />
          <Group grow align="flex-start">
            <NumberInput label="Préavis de résiliation (mois)" min={0} allowDecimal={false} value={notice} onChange={setNotice} error={fieldError('noticePeriodMonths')} />
            <NumberInput label="Ouverture de la reconduction (jours avant l’échéance)" min={0} allowDecimal={false} value={renewalWindow} onChange={setRenewalWindow} error={fieldError('renewalWindowDays')} />
          </Group>
          <TextInput
            label="Rappels (jours avant l’échéance)"
            description="Nombres de jours séparés par des virgules, par exemple 90, 60, 30, 15, 7, 1"
            value={offsets}
            onChange={(e) => setOffsets(e.currentTarget.value)}
            error={fieldError('reminderOffsets')}
          />
          <Checkbox
            label="Le service traite des données personnelles pour le compte de la commune"
            description="Ses conventions comportent alors la clause de sous-traitance du RGPD (article 28)."
            checked={personalData}
            onChange={(e) => setPersonalData(e.currentTarget.checked)}
            error={fieldError('processesPersonalData')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * PUT /api/services/:code/unit-costs/:year — the unit cost, or the total shared by keys. Setting it no longer
 * tells anyone: once saved, the DGS notifies it to the communes (NotifyModal), after which it is frozen.
 */
function UnitCostModal({ service, onClose, onNotify }: { service: Service; onClose: () => void; onNotify: (year: number, amountCents: number) => void }) {
  const queryClient = useQueryClient();
  const keys = service.costModel === 'keys';
  const current = keys ? service.totalCostCents : service.unitCostCents;
  // This year's cost once notified no longer changes: the form then opens on next year's.
  const [year, setYear] = useState<number | string>(service.notifiedAt ? service.year + 1 : service.year);
  const [amount, setAmount] = useState<number | string>(current === null || service.notifiedAt ? '' : current / 100);
  const [localError, setLocalError] = useState<string | null>(null);
  const field = keys ? 'totalCostCents' : 'unitCostCents';
  const mutation = useMutation({
    mutationFn: (cents: number) => api.setUnitCost(service.code, Number(year), keys ? { totalCostCents: cents } : { unitCostCents: cents }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      notifications.show({ color: 'teal.9', title: 'Coût enregistré', message: `${service.name}, ${year}` });
    },
  });
  const errors = mutation.error ? placeErrors(mutation.error, [field, 'year']) : null;
  const saved = mutation.data;
  const savedCents = saved ? (keys ? saved.totalCostCents : saved.unitCostCents) : null;

  if (saved && savedCents !== null) {
    return (
      <Modal opened onClose={onClose} title={`Coût de l’année — ${service.name}`}>
        <Stack>
          <Text>
            Coût {saved.year} enregistré : <strong>{amountText(service, savedCents)}</strong>.
          </Text>
          <Text data-testid="cost-saved-status">
            <Badge variant="filled" color="gray.7" tt="none" radius="sm" mr={6}>
              Non notifié
            </Badge>
            Les communes n’en sont pas encore informées ; tant qu’il n’est pas notifié, vous pouvez encore le modifier.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Fermer
            </Button>
            <Button leftSection={<IconBell size={18} aria-hidden="true" />} onClick={() => onNotify(saved.year, savedCents)} data-autofocus>
              Notifier aux communes
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = eurosToCents(amount);
    if (cents === null || cents <= 0) {
      setLocalError('Indiquez un montant positif en euros, avec au plus deux décimales.');
      return;
    }
    setLocalError(null);
    mutation.mutate(cents);
  };

  return (
    <Modal opened onClose={onClose} title={`Coût de l’année — ${service.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert errors={errors} unavailable={isMissingEndpoint(mutation.error)} />
          <NumberInput label="Année" min={2000} max={2100} allowDecimal={false} value={year} onChange={setYear} error={errors?.fields.year} />
          <NumberInput
            label={keys ? 'Coût total de l’année à répartir (€)' : `Coût unitaire de fonctionnement par ${service.unitLabel} (€)`}
            required
            min={0}
            decimalScale={2}
            decimalSeparator=","
            thousandSeparator=" "
            value={amount}
            onChange={setAmount}
            error={localError ?? errors?.fields[field]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * POST /api/services/:code/unit-costs/:year/notify, after a confirmation: each commune whose convention is in
 * force is told once, in the application and by e-mail, with its letter; the cost is then frozen.
 */
function NotifyModal({ service, year, amountCents, onClose }: Notifying & { onClose: () => void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => api.notifyUnitCost(service.code, year),
    onSuccess: (result: UnitCostNotification) => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['adhesion'] });
      notifications.show({ color: 'teal.9', title: 'Coût notifié', message: `${service.name}, ${year} : ${communesText(result.communes.length)}` });
    },
  });
  const title = `Notifier le coût ${year} aux communes`;
  const done = mutation.data;
  const communes = done ? [...done.communes].sort((a, b) => a.communeName.localeCompare(b.communeName, 'fr')) : [];
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Fermer' }}>
      {done ? (
        <Stack>
          <Text data-testid="notified-communes-count">
            Le coût {year} (<strong>{amountText(service, amountCents)}</strong>) a été notifié le {formatInstantDate(done.notifiedAt)} :{' '}
            {communes.length === 0
              ? 'aucune commune n’a de convention en vigueur pour ce service, aucune n’a donc été informée.'
              : communes.length > 1
                ? `${communesText(communes.length)} en ont été informées, dans l’application et par courriel, chacune avec sa lettre de notification.`
                : '1 commune en a été informée, dans l’application et par courriel, avec sa lettre de notification.'}
          </Text>
          {communes.length > 0 && (
            <List spacing={2} aria-label="Communes informées" data-testid="notified-communes">
              {communes.map((c) => (
                <List.Item key={c.adhesionId}>{c.communeName}</List.Item>
              ))}
            </List>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Fermer
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>
            Coût {year} du service « {service.name} » : <strong>{amountText(service, amountCents)}</strong>. Chaque commune dont la convention est en vigueur
            en sera informée, dans l’application et par courriel, avec sa lettre de notification.
          </Text>
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} title="Action définitive">
            Une fois notifié, le coût {year} ne pourra plus être modifié.
          </Alert>
          {mutation.error && (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title="Le coût n’a pas été notifié">
              {/* A rule (no cost set for the year) is stated alone, not as « voir le détail à côté du champ ». */}
              {mutation.error instanceof ApiError && mutation.error.issues.length > 0
                ? mutation.error.issues.map((issue) => issue.message).join(' ')
                : placeErrors(mutation.error, []).general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button onClick={() => mutation.mutate()} loading={mutation.isPending} disabled={!!mutation.error && isMissingEndpoint(mutation.error)}>
              Notifier aux communes
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** « 1 commune », « 2 communes ». */
const communesText = (n: number): string => `${n} ${n > 1 ? 'communes' : 'commune'}`;
