// « Demander ce service »: options à la carte, forecast units and a live estimate, then POST + SUBMIT.
import { Alert, Anchor, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { useUser } from '../auth';
import { placeErrors, type PlacedErrors } from '../components/errors';
import { Crumbs } from '../components/Crumbs';
import { OptionsAndUnits } from '../components/OptionsAndUnits';
import { PageLoader, QueryError } from '../components/QueryState';
import { estimateCents, formatCents, formatUnits } from '../format';
import { useDocumentTitle } from '../hooks';
import { costLine } from './CataloguePage';

export default function RequestPage() {
  const { code = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const services = useQuery({ queryKey: ['services'], queryFn: api.services });
  const service = services.data?.find((s) => s.code === code);
  useDocumentTitle(service ? `Demander : ${service.name}` : 'Demander un service');
  const [options, setOptions] = useState<string[]>([]);
  const [units, setUnits] = useState<number | string>('');
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (services.isPending) return <PageLoader />;
  if (services.isError) return <QueryError error={services.error} />;
  if (!service) {
    return (
      <Stack>
        <Title order={1}>Service introuvable</Title>
        <Anchor component={Link} to="/catalogue">
          Retour au catalogue
        </Anchor>
      </Stack>
    );
  }

  const unitsNumber = typeof units === 'number' ? units : Number(String(units).replace(',', '.'));
  const hasUnits = units !== '' && Number.isFinite(unitsNumber) && unitsNumber >= 0;
  const estimate = service.costModel === 'unit' && service.unitCostCents !== null && hasUnits ? estimateCents(service.unitCostCents, unitsNumber) : null;

  const send = async (submit: boolean) => {
    setErrors(null);
    if (!hasUnits) {
      setErrors({ fields: { forecastUnits: 'Indiquez le nombre d’unités prévues par an.' }, general: null, code: null });
      return;
    }
    setBusy(submit ? 'submit' : 'draft');
    let createdId: string | null = null;
    try {
      const draft = await api.createAdhesion({ communeInsee: user.communeInsee ?? '', serviceCode: service.code, options, forecastUnits: unitsNumber });
      createdId = draft.id;
      if (submit) await api.sendEvent(draft.id, draft.version, { type: 'SUBMIT' });
      void queryClient.invalidateQueries({ queryKey: ['adhesions'] });
      notifications.show({
        color: 'teal.9',
        title: submit ? 'Demande envoyée' : 'Brouillon enregistré',
        message: submit ? `Votre demande « ${service.name} » a été transmise à l’intercommunalité.` : 'Vous pourrez l’envoyer depuis son dossier.',
      });
      navigate(`/adhesions/${draft.id}`);
    } catch (error) {
      if (createdId) {
        // The draft exists; only the submission failed: the dossier shows why and offers to submit again.
        navigate(`/adhesions/${createdId}`);
        return;
      }
      setErrors(placeErrors(error, ['forecastUnits', 'options']));
      if (error instanceof ApiError && error.code === 'adhesion_already_live') void queryClient.invalidateQueries({ queryKey: ['adhesions'] });
    } finally {
      setBusy(null);
    }
  };

  // Sending is a step of the lifecycle, as each of the DGS's is: it asks for confirmation first.
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    if (!hasUnits) {
      setErrors({ fields: { forecastUnits: 'Indiquez le nombre d’unités prévues par an.' }, general: null, code: null });
      return;
    }
    setConfirming(true);
  };

  return (
    <Stack maw={760}>
      <Crumbs>
        <Anchor component={Link} to="/catalogue">
          Catalogue des services
        </Anchor>
        <Text span aria-current="page">
          Demande
        </Text>
      </Crumbs>
      <Title order={1}>Demander : {service.name}</Title>
      <Text>{service.description}</Text>
      <Text fw={600}>{costLine(service)}</Text>
      <Paper withBorder p="lg" component="form" onSubmit={onSubmit} noValidate aria-label={`Demande du service ${service.name}`}>
        <Stack>
          {errors?.general && (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title="La demande n’a pas été enregistrée">
              {errors.general}
            </Alert>
          )}
          <OptionsAndUnits
            service={service}
            options={options}
            setOptions={setOptions}
            units={units}
            setUnits={setUnits}
            errors={errors}
            setErrors={setErrors}
            hints={{
              options: 'Cochez les missions que vous confiez au service commun.',
              units: 'Votre estimation ; l’étude de l’intercommunalité la précisera. Jusqu’à quatre décimales.',
            }}
          />
          <Paper bg="gray.0" p="md" aria-live="polite" aria-atomic="true">
            <Text fw={700}>Estimation du coût annuel</Text>
            {service.costModel === 'keys' ? (
              <Text>Ce service est réparti par clé entre les communes membres : votre part sera calculée par l’intercommunalité.</Text>
            ) : service.unitCostCents === null ? (
              <Text>Le coût unitaire de l’année n’est pas encore notifié.</Text>
            ) : estimate === null ? (
              <Text>Indiquez vos unités prévues pour voir l’estimation.</Text>
            ) : (
              <Text data-testid="live-estimate">
                {formatCents(service.unitCostCents)} × {formatUnits(unitsNumber)} {service.unitLabelPlural} = <strong>{formatCents(estimate)}</strong> par an
              </Text>
            )}
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void send(false)} loading={busy === 'draft'} disabled={busy !== null}>
              Enregistrer le brouillon
            </Button>
            <Button type="submit" loading={busy === 'submit'} disabled={busy !== null}>
              Envoyer la demande
            </Button>
          </Group>
        </Stack>
      </Paper>
      {confirming && (
        <Modal opened onClose={() => setConfirming(false)} title="Envoyer la demande" closeButtonProps={{ 'aria-label': 'Fermer' }}>
          <Stack>
            <Text>
              Votre demande « {service.name} » sera transmise à l’intercommunalité, qui en accusera réception. Vous ne pourrez plus la modifier, mais vous pourrez la retirer.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Annuler
              </Button>
              <Button
                data-autofocus
                loading={busy === 'submit'}
                onClick={() => {
                  setConfirming(false);
                  void send(true);
                }}
              >
                Confirmer l’envoi
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
