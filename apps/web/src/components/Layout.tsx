// The frame of every signed-in page: a skip link, the header (bell, the user's menu: password, sign-out), the
// menu for the role, and the main landmark that receives the focus after each navigation.
import { Alert, AppShell, Burger, Group, Menu, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBell,
  IconBook,
  IconBuildingCommunity,
  IconCalendar,
  IconChartBar,
  IconChartPie,
  IconChevronDown,
  IconInbox,
  IconMailCog,
  IconKey,
  IconLogout,
  IconFolders,
  IconUserCircle,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, type Role } from '../api';
import { homeOf, useUser } from '../auth';
import { ROLE_LABELS } from '../format';
import { NotificationBell } from './NotificationBell';

interface MenuItem {
  to: string;
  label: string;
  icon: ReactNode;
  roles: Role[];
}

const MENU: MenuItem[] = [
  { to: '/mon-portefeuille', label: 'Mon portefeuille', icon: <IconFolders size={18} aria-hidden="true" />, roles: ['secretary'] },
  { to: '/a-traiter', label: 'À traiter', icon: <IconInbox size={18} aria-hidden="true" />, roles: ['dgs', 'agent'] },
  { to: '/communes', label: 'Communes', icon: <IconBuildingCommunity size={18} aria-hidden="true" />, roles: ['dgs', 'agent', 'admin'] },
  { to: '/catalogue', label: 'Catalogue des services', icon: <IconBook size={18} aria-hidden="true" />, roles: ['secretary', 'agent', 'dgs', 'admin'] },
  { to: '/repartition', label: 'Membres et répartition', icon: <IconChartPie size={18} aria-hidden="true" />, roles: ['dgs', 'admin'] },
  { to: '/calendrier', label: 'Calendrier des échéances', icon: <IconCalendar size={18} aria-hidden="true" />, roles: ['secretary', 'agent', 'dgs', 'admin'] },
  { to: '/rapport', label: 'Rapport annuel', icon: <IconChartBar size={18} aria-hidden="true" />, roles: ['dgs', 'admin'] },
  { to: '/modeles-de-messages', label: 'Modèles de messages', icon: <IconMailCog size={18} aria-hidden="true" />, roles: ['dgs'] },
  { to: '/notifications', label: 'Notifications', icon: <IconBell size={18} aria-hidden="true" />, roles: ['secretary', 'agent', 'dgs', 'admin'] },
];

export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation, the focus goes to the new content, as a page load would put it at the top.
  useEffect(() => {
    close();
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname, close]);

  const signOut = async () => {
    await api.logout().catch(() => undefined);
    queryClient.clear();
    navigate('/connexion', { replace: true });
  };

  const items = MENU.filter((item) => item.roles.includes(user.role));

  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <AppShell header={{ height: 64 }} navbar={{ width: 250, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? 'Fermer le menu' : 'Ouvrir le menu'} aria-expanded={opened} />
              <UnstyledButton component={Link} to={homeOf(user.role)} aria-label="À la carte, accueil">
                <Text fw={800} size="xl" c="blue.9">
                  À la carte
                </Text>
              </UnstyledButton>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <NotificationBell />
              {/* No focus placeholder: a role="presentation" child of role="menu" is an ARIA error (axe); the first item takes the focus. */}
              <Menu position="bottom-end" width={260} withinPortal withInitialFocusPlaceholder={false}>
                <Menu.Target>
                  {/* On a phone only the icon shows; the name stays in the button's accessible name. */}
                  <UnstyledButton aria-label={`Mon compte : ${user.displayName}`} data-testid="user-menu">
                    <Group gap={6} wrap="nowrap">
                      <IconUserCircle size={26} aria-hidden="true" />
                      <Stack gap={0} visibleFrom="md">
                        <Text size="sm" fw={600}>
                          {user.displayName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {ROLE_LABELS[user.role]}
                          {user.epci ? ` · ${user.epci.name}` : ''}
                        </Text>
                      </Stack>
                      <IconChevronDown size={16} aria-hidden="true" />
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label hiddenFrom="md">
                    {user.displayName} · {ROLE_LABELS[user.role]}
                  </Menu.Label>
                  <Menu.Item component={Link} to="/mot-de-passe" leftSection={<IconKey size={16} aria-hidden="true" />}>
                    Changer mon mot de passe
                  </Menu.Item>
                  <Menu.Item leftSection={<IconLogout size={16} aria-hidden="true" />} onClick={signOut}>
                    Se déconnecter
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Menu principal">
          {items.map((item) => {
            const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={item.icon}
                active={active}
                aria-current={active ? 'page' : undefined}
                variant="filled"
              />
            );
          })}
        </AppShell.Navbar>
        <AppShell.Main id="contenu" ref={main} tabIndex={-1} style={{ outline: 'none' }}>
          {user.role === 'admin' && <DegradedBanner />}
          {children}
        </AppShell.Main>
      </AppShell>
    </>
  );
}

/**
 * For the admin only, a discreet line while Redis is away: the product keeps working (the sweep runs on a
 * local timer), but deadlines and reminders are handled at the next sweep rather than at their minute.
 */
function DegradedBanner() {
  const { data } = useQuery({ queryKey: ['health'], queryFn: api.health, refetchInterval: 60_000, retry: false });
  if (data?.status !== 'degraded') return null;
  return (
    <Alert color="yellow" variant="light" mb="md" role="status" title="Fonctionnement dégradé">
      Redis ne répond pas : les demandes sont enregistrées normalement, et les échéances et rappels sont traités par le balayage périodique jusqu’à son retour.
    </Alert>
  );
}
