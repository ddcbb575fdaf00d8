// Providers and routes. The role decides the home page; the server decides everything else.
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/fr';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, setUnauthenticatedHandler, type Role } from './api';
import { homeOf, ME_KEY, useMe } from './auth';
import { Layout } from './components/Layout';
import { PageLoader } from './components/QueryState';
import { cssVariablesResolver, theme } from './theme';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

const PortfolioPage = lazy(() => import('./pages/PortfolioPage'));
const CataloguePage = lazy(() => import('./pages/CataloguePage'));
const RequestPage = lazy(() => import('./pages/RequestPage'));
const AdhesionPage = lazy(() => import('./pages/AdhesionPage'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const CommunesPage = lazy(() => import('./pages/CommunesPage'));
const MembersPage = lazy(() => import('./pages/MembersPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const TemplatesPage = lazy(() => import('./pages/TemplatesPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

/** Signed-in pages: waits for GET /api/auth/me, sends strangers to the login page, checks the role. */
function Protected({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { data: user, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <PageLoader />;
  if (!user) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return <>{children}</>;
}

function Home() {
  const { data: user, isPending } = useMe();
  if (isPending) return <PageLoader />;
  return <Navigate to={user ? homeOf(user.role) : '/connexion'} replace />;
}

/** A 401 anywhere (session expired, user removed): forget the user and go to the login page. */
function SessionWatcher() {
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      queryClient.setQueryData(ME_KEY, null);
      navigate('/connexion', { replace: true });
    });
  }, [navigate]);
  return null;
}

const page = (element: ReactNode, roles?: Role[]) => (
  <Protected roles={roles}>
    <Layout>
      <Suspense fallback={<PageLoader />}>{element}</Suspense>
    </Layout>
  </Protected>
);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1 }}>
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionWatcher />
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/connexion" element={<LoginPage />} />
              <Route path="/mon-portefeuille" element={page(<PortfolioPage />, ['secretary'])} />
              <Route path="/catalogue" element={page(<CataloguePage />)} />
              <Route path="/catalogue/:code/demander" element={page(<RequestPage />, ['secretary'])} />
              <Route path="/adhesions/:id" element={page(<AdhesionPage />)} />
              <Route path="/a-traiter" element={page(<InboxPage />, ['dgs', 'agent'])} />
              <Route path="/communes" element={page(<CommunesPage />, ['dgs', 'agent', 'admin'])} />
              <Route path="/communes/:insee" element={page(<PortfolioPage />, ['dgs', 'agent', 'admin'])} />
              <Route path="/repartition" element={page(<MembersPage />, ['dgs', 'admin'])} />
              <Route path="/repartition/:code" element={page(<MembersPage />, ['dgs', 'admin'])} />
              <Route path="/calendrier" element={page(<CalendarPage />)} />
              <Route path="/rapport" element={page(<ReportPage />, ['dgs', 'admin'])} />
              <Route path="/notifications" element={page(<NotificationsPage />)} />
              <Route path="/modeles-de-messages" element={page(<TemplatesPage />, ['dgs'])} />
              <Route path="/mot-de-passe" element={page(<PasswordPage />)} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
