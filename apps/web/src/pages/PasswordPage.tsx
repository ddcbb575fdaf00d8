// « Changer mon mot de passe »: POST /api/auth/password with the current password and the new one. The server
// revokes every session of the user and clears the cookie, so the person signs in again with the new password.
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { ME_KEY } from '../auth';
import { placeErrors, type PlacedErrors } from '../components/errors';
import { useDocumentTitle } from '../hooks';
import { checkPasswordForm, PASSWORD_MIN_LENGTH, type PasswordForm } from '../lib/password';

const FIELDS = ['currentPassword', 'newPassword'] as const;
const VISIBILITY = { 'aria-label': 'Afficher ou masquer le mot de passe' };
// Mantine's PasswordInput links its error (aria-describedby) but does not mark the field invalid: done here.

export default function PasswordPage() {
  useDocumentTitle('Changer mon mot de passe');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<PasswordForm>({ currentPassword: '', newPassword: '', confirmation: '' });
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (field: keyof PasswordForm) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
    // A corrected field loses its error.
    setErrors((old) => (old?.fields[field] ? { ...old, fields: { ...old.fields, [field]: '' } } : old));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkPasswordForm(form);
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, general: null, code: null });
      return;
    }
    setErrors(null);
    setBusy(true);
    try {
      await api.changePassword(form.currentPassword, form.newPassword);
      // Every session of the user is revoked, this one too: back to the login page.
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      notifications.show({ color: 'teal.9', title: 'Mot de passe modifié', message: 'Reconnectez-vous avec votre nouveau mot de passe.' });
      navigate('/connexion', { replace: true });
    } catch (error) {
      setErrors(placeErrors(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={480}>
      <Title order={1}>Changer mon mot de passe</Title>
      <Text c="dimmed">Après le changement, toutes vos sessions sont fermées : vous vous reconnectez avec le nouveau mot de passe.</Text>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {errors?.general && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} role="alert" title="Mot de passe non modifié">
                {errors.general}
              </Alert>
            )}
            <PasswordInput
              label="Mot de passe actuel"
              autoComplete="current-password"
              required
              value={form.currentPassword}
              onChange={change('currentPassword')}
              error={errors?.fields.currentPassword || undefined}
              aria-invalid={!!errors?.fields.currentPassword || undefined}
              visibilityToggleButtonProps={VISIBILITY}
            />
            <PasswordInput
              label="Nouveau mot de passe"
              description={`Au moins ${PASSWORD_MIN_LENGTH} caractères, et pas un mot de passe courant.`}
              autoComplete="new-password"
              required
              value={form.newPassword}
              onChange={change('newPassword')}
              error={errors?.fields.newPassword || undefined}
              aria-invalid={!!errors?.fields.newPassword || undefined}
              visibilityToggleButtonProps={VISIBILITY}
            />
            <PasswordInput
              label="Confirmer le nouveau mot de passe"
              autoComplete="new-password"
              required
              value={form.confirmation}
              onChange={change('confirmation')}
              error={errors?.fields.confirmation || undefined}
              aria-invalid={!!errors?.fields.confirmation || undefined}
              visibilityToggleButtonProps={VISIBILITY}
            />
            <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
              Changer le mot de passe
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
