// « Modèles de messages »: the DGS rewrites the subject and body of each notification its EPCI sends, with the
// variables of that kind, sees the message as it would be sent, or goes back to the product's wording. The
// server checks every variable (422, shown next to the field) and refuses a save over someone else's (409).
import { Alert, Badge, Button, Code, Group, NavLink, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, type NotificationPreview, type NotificationTemplate } from '../api';
import { PageLoader, QueryError } from '../components/QueryState';
import { useDocumentTitle } from '../hooks';

/** The field issues of a 422 (or 400), by field. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.field] = errors[issue.field] ? `${errors[issue.field]} ${issue.message}` : issue.message;
  return errors;
}

/** A message for what is not a field's fault (a 409, a network error). */
function generalError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.issues.length > 0) return null;
  return error instanceof ApiError ? error.message : 'Une erreur inattendue est survenue.';
}

function TemplateEditor({ template }: { template: NotificationTemplate }) {
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [preview, setPreview] = useState<NotificationPreview | null>(null);
  useEffect(() => {
    setSubject(template.subject);
    setBody(template.body);
    setPreview(null);
  }, [template]);

  const refresh = (saved: NotificationTemplate) => {
    queryClient.setQueryData(['notification-templates'], (list: { epci: string; items: NotificationTemplate[] } | undefined) =>
      list ? { ...list, items: list.items.map((t) => (t.kind === saved.kind ? saved : t)) } : list,
    );
  };
  const save = useMutation({
    mutationFn: () => api.saveNotificationTemplate(template.kind, { subject, body, version: template.version }),
    onSuccess: (saved) => {
      refresh(saved);
      notifications.show({ color: 'teal.9', title: 'Modèle enregistré', message: saved.label });
    },
  });
  const reset = useMutation({
    mutationFn: () => api.resetNotificationTemplate(template.kind, template.version),
    onSuccess: (saved) => {
      refresh(saved);
      notifications.show({ color: 'teal.9', title: 'Texte d’origine rétabli', message: saved.label });
    },
  });
  const show = useMutation({
    mutationFn: () => api.previewNotificationTemplate(template.kind, { subject, body }),
    onSuccess: setPreview,
  });
  const errors = { ...fieldErrors(show.error), ...fieldErrors(save.error) };
  const general = generalError(save.error) ?? generalError(reset.error) ?? generalError(show.error);
  const changed = subject !== template.subject || body !== template.body;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            {template.label}
          </Title>
          <Badge variant="light" color={template.custom ? 'blue' : 'gray'} mt={4}>
            {template.custom ? 'Texte de l’intercommunalité' : 'Texte d’origine'}
          </Badge>
        </div>
      </Group>
      {general && (
        <Alert color="red" role="alert" title="Le modèle n’a pas été enregistré">
          {general}
        </Alert>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput label="Objet" required value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} maxLength={200} />
          <Textarea
            label="Message"
            description="Séparez les paragraphes par une ligne vide. Le lien vers le dossier est ajouté à la fin de chaque message."
            required
            autosize
            minRows={6}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={errors.body}
            maxLength={5000}
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!changed}>
              Enregistrer
            </Button>
            <Button variant="default" onClick={() => show.mutate()} loading={show.isPending}>
              Aperçu
            </Button>
            {template.custom && (
              <Button variant="subtle" color="red" onClick={() => reset.mutate()} loading={reset.isPending}>
                Revenir au texte d’origine
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      <section aria-labelledby="variables-heading">
        <Title order={3} size="h4" id="variables-heading">
          Variables possibles
        </Title>
        <Table>
          <Table.Caption>Écrivez une variable entre doubles accolades : elle est remplacée par sa valeur dans chaque message.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Variable</Table.Th>
              <Table.Th scope="col">Valeur</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {template.variables.map((v) => (
              <Table.Tr key={v.name}>
                <Table.Td>
                  <Code>{`{{${v.name}}}`}</Code>
                </Table.Td>
                <Table.Td>{v.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      {preview && (
        <Paper withBorder p="md" aria-live="polite">
          <Title order={3} size="h4">
            Aperçu (exemple : Avrillé, service Paie)
          </Title>
          <Text fw={700} mt="xs">
            {preview.subject}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }} mt="xs">
            {preview.text}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

export default function TemplatesPage() {
  useDocumentTitle('Modèles de messages');
  const templates = useQuery({ queryKey: ['notification-templates'], queryFn: () => api.notificationTemplates() });
  const [kind, setKind] = useState<string | null>(null);
  const items = templates.data?.items ?? [];
  const selected = items.find((t) => t.kind === kind) ?? items[0];

  return (
    <Stack>
      <div>
        <Title order={1}>Modèles de messages</Title>
        <Text c="dimmed">Les notifications et courriels que l’intercommunalité envoie aux communes et à ses services, message par message.</Text>
      </div>
      {templates.isPending && <PageLoader />}
      {templates.isError && <QueryError error={templates.error} />}
      {selected && (
        <Group align="flex-start" wrap="nowrap" gap="xl">
          <nav aria-label="Messages" style={{ minWidth: 260 }}>
            {items.map((t) => (
              <NavLink
                key={t.kind}
                component="button"
                label={t.label}
                description={t.custom ? 'Modifié' : undefined}
                active={t.kind === selected.kind}
                aria-current={t.kind === selected.kind ? 'true' : undefined}
                onClick={() => setKind(t.kind)}
              />
            ))}
          </nav>
          <div style={{ flex: 1 }}>
            <TemplateEditor template={selected} />
          </div>
        </Group>
      )}
    </Stack>
  );
}
