// The renewal calendar, a month at a time: anniversaries, renewal windows, notices… from
// GET /api/calendar/events, as a month grid (a real table) and, below it, the same events as a list.
import { Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type CalendarEvent } from '../api';
import { Empty, PageLoader, QueryError } from '../components/QueryState';
import { formatDate } from '../format';
import { useDocumentTitle, useServerToday } from '../hooks';
import { monthGrid } from '../lib/month-grid';

dayjs.locale('fr');

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

function EventLink({ event }: { event: CalendarEvent }) {
  return (
    <Anchor component={Link} to={`/adhesions/${event.adhesionId}`} size="xs" display="block" lh={1.3} mb={4}>
      <strong>{event.communeName}</strong> — {event.label}
      <span className="sr-only"> ({event.serviceName})</span>
    </Anchor>
  );
}

export default function CalendarPage() {
  useDocumentTitle('Calendrier des échéances');
  const today = useServerToday();
  const [month, setMonth] = useState(today.slice(0, 7));
  const days = monthGrid(month);
  const from = days[0];
  const to = days[days.length - 1];
  const events = useQuery({ queryKey: ['calendar', from, to], queryFn: () => api.calendarEvents(from, to) });
  const title = dayjs(`${month}-01`).format('MMMM YYYY');
  const byDay = new Map<string, CalendarEvent[]>();
  for (const e of events.data ?? []) byDay.set(e.date.slice(0, 10), [...(byDay.get(e.date.slice(0, 10)) ?? []), e]);
  const inMonth = (events.data ?? []).filter((e) => e.date.startsWith(month)).sort((a, b) => a.date.localeCompare(b.date));
  const move = (delta: number) => setMonth(dayjs(`${month}-01`).add(delta, 'month').format('YYYY-MM'));
  const yearAhead = dayjs(today).add(1, 'year').format('YYYY-MM-DD');
  const upcoming = useQuery({ queryKey: ['calendar', today, yearAhead], queryFn: () => api.calendarEvents(today, yearAhead) });
  const next = [...(upcoming.data ?? [])].sort((a, b) => a.date.localeCompare(b.date)).slice(0, 12);

  return (
    <Stack>
      <Title order={1}>Calendrier des échéances</Title>
      <Group justify="space-between">
        <Title order={2} size="h3" tt="capitalize" aria-live="polite">
          {title}
        </Title>
        <Group gap="xs" align="flex-end">
          <MonthPickerInput
            label="Aller au mois"
            value={`${month}-01`}
            onChange={(value) => value && setMonth(String(value).slice(0, 7))}
            valueFormat="MMMM YYYY"
            w={180}
            ariaLabels={{
              previousYear: 'Année précédente',
              nextYear: 'Année suivante',
              previousDecade: 'Décennie précédente',
              nextDecade: 'Décennie suivante',
              yearLevelControl: 'Choisir une autre décennie',
            }}
          />
          <Button variant="default" leftSection={<IconChevronLeft size={16} aria-hidden="true" />} onClick={() => move(-1)}>
            Mois précédent
          </Button>
          <Button variant="default" onClick={() => setMonth(today.slice(0, 7))}>
            Mois en cours
          </Button>
          <Button variant="default" rightSection={<IconChevronRight size={16} aria-hidden="true" />} onClick={() => move(1)}>
            Mois suivant
          </Button>
        </Group>
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="upcoming-heading">
        <Title order={2} size="h3" id="upcoming-heading" mb="xs">
          Prochaines échéances
        </Title>
        {upcoming.isError ? (
          <QueryError error={upcoming.error} emptyTitle="Aucune échéance à afficher" />
        ) : upcoming.data && next.length === 0 ? (
          <Text>Aucune échéance dans les douze prochains mois.</Text>
        ) : (
          <List spacing="xs">
            {next.map((e, i) => (
              <List.Item key={`${e.adhesionId}-${e.kind}-${i}`}>
                <Anchor component="button" type="button" fw={600} onClick={() => setMonth(e.date.slice(0, 7))}>
                  {formatDate(e.date)}
                  <span className="sr-only"> (afficher ce mois)</span>
                </Anchor>{' '}
                — {e.label} :{' '}
                <Anchor component={Link} to={`/adhesions/${e.adhesionId}`}>
                  {e.communeName}, {e.serviceName}
                </Anchor>
              </List.Item>
            ))}
          </List>
        )}
      </Paper>
      {events.isPending && <PageLoader />}
      {events.isError && <QueryError error={events.error} emptyTitle="Aucune échéance à afficher" />}
      {events.data && (
        <>
          {/* Positioned, so that the screen-reader-only texts of the cells scroll inside the frame, not the page. */}
          <Paper withBorder pos="relative" style={{ overflowX: 'auto' }}>
            <table className="month-grid" style={{ minWidth: 700 }}>
              <caption className="sr-only">Échéances de {title}, semaine par semaine</caption>
              <thead>
                <tr>
                  {WEEKDAYS.map((d) => (
                    <th key={d} scope="col">
                      <Text size="sm" fw={700} tt="capitalize">
                        {d}
                      </Text>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: days.length / 7 }, (_, week) => (
                  <tr key={week}>
                    {days.slice(week * 7, week * 7 + 7).map((day) => {
                      const outside = !day.startsWith(month);
                      const classes = [outside ? 'outside' : '', day === today ? 'today' : ''].filter(Boolean).join(' ');
                      return (
                        <td key={day} className={classes || undefined} aria-current={day === today ? 'date' : undefined}>
                          <Text size="sm" fw={day === today ? 800 : 600} c={outside ? 'dimmed' : undefined}>
                            <span aria-hidden="true">{Number(day.slice(8))}</span>
                            <span className="sr-only">{formatDate(day)}</span>
                          </Text>
                          {(byDay.get(day) ?? []).map((e, i) => (
                            <EventLink key={`${e.adhesionId}-${e.kind}-${i}`} event={e} />
                          ))}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Paper>
          <section aria-labelledby="month-list">
            <Title order={2} size="h3" id="month-list" mb="xs">
              Échéances du mois
            </Title>
            {inMonth.length === 0 ? (
              <Empty title="Aucune échéance ce mois-ci" />
            ) : (
              <List spacing="xs">
                {inMonth.map((e, i) => (
                  <List.Item key={`${e.adhesionId}-${e.kind}-${i}`}>
                    <Text span fw={600}>
                      {formatDate(e.date)}
                    </Text>{' '}
                    — {e.label} :{' '}
                    <Anchor component={Link} to={`/adhesions/${e.adhesionId}`}>
                      {e.communeName}, {e.serviceName}
                    </Anchor>
                  </List.Item>
                ))}
              </List>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}
