// How the page states a convention's start: « En vigueur depuis » once started, « En vigueur à compter du » while
// its start date is still to come (a convention signed for 1 January is not in force on 20 December).
export function inForceLabel(startDate: string, today: string | null | undefined): string {
  return today && startDate > today ? 'En vigueur à compter du' : 'En vigueur depuis';
}
