// Sign-in: POST /api/auth/login sets the httpOnly cookie; GET /api/auth/me then says who we are.
import { Alert, Anchor, Button, Center, Code, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError, type DemoAccounts } from '../api';
import { homeOf, ME_KEY, useMe } from '../auth';
import { useDocumentTitle } from '../hooks';
import { PageLoader } from '../components/QueryState';

export function LoginPage() {
  useDocumentTitle('Connexion');
  const { data: user, isPending } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  // Only in demo mode: the accounts seeded with random passwords (the route answers 404 otherwise).
  const demo = useQuery({ queryKey: ['demo-accounts'], queryFn: api.demoAccounts, staleTime: Infinity, retry: false });

  if (isPending) return <PageLoader />;
  if (user) return <Navigate to={homeOf(user.role)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    setSubmitting(true);
    try {
      await api.login(email, password);
      const me = await api.me();
      queryClient.setQueryData(ME_KEY, me);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/connexion' ? from : homeOf(me!.role), { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.message);
        setFieldErrors(Object.fromEntries(e.issues.map((issue) => [issue.field, issue.message])));
      } else {
        setError('Connexion impossible.');
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main" bg="gray.0">
      {/* Wider in demo mode, so that each demo address and its password fit on a line; on a phone the address wraps. */}
      <Paper withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }} w={demo.data?.length ? 520 : 420} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                À la carte
              </Title>
              <Text c="dimmed">Services communs de l’intercommunalité — connexion</Text>
            </div>
            {error && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden="true" />} role="alert" title="Connexion refusée">
                {error}
              </Alert>
            )}
            <TextInput
              label="Adresse électronique"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors.email}
            />
            <PasswordInput
              label="Mot de passe"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
              visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe' }}
            />
            <Button type="submit" loading={submitting}>
              Se connecter
            </Button>
            <Text size="sm" c="dimmed">
              Mot de passe oublié ? Contactez l’administrateur de votre intercommunalité.{' '}
              <Anchor href="/docs">Documentation de l’API</Anchor>
            </Text>
          </Stack>
        </form>
        {demo.data && demo.data.length > 0 && <DemoAccountsTable accounts={demo.data} onPick={(a) => { setEmail(a.email); setPassword(a.password); }} />}
      </Paper>
    </Center>
  );
}

const ROLE_FR: Record<string, string> = { secretary: 'Secrétaire général(e) de mairie', agent: 'Agent d’un service commun', dgs: 'DGS de l’EPCI', admin: 'Administrateur' };

/** The demo accounts (demo mode only): their passwords were drawn at random when the demo was seeded. */
function DemoAccountsTable({ accounts, onPick }: { accounts: DemoAccounts; onPick: (account: DemoAccounts[number]) => void }) {
  return (
    <Stack gap="xs" mt="lg" component="section" aria-labelledby="demo-accounts-title">
      <Title order={2} size="h4" id="demo-accounts-title">
        Comptes de démonstration
      </Title>
      <Text size="sm" c="dimmed">
        Mots de passe tirés au hasard lors de l’installation de la démonstration.
      </Text>
      <Table fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Compte</Table.Th>
            <Table.Th>Mot de passe</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr key={account.email}>
              <Table.Td>
                <Anchor component="button" type="button" size="sm" ta="left" style={{ overflowWrap: 'anywhere' }} onClick={() => onPick(account)} title={`Remplir le formulaire avec ${account.email}`}>
                  {account.email}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {ROLE_FR[account.role] ?? account.role} — {account.displayName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code style={{ whiteSpace: 'nowrap' }}>{account.password}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
