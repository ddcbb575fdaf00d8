// How the page states a convention's start: « En vigueur depuis » once started, « En vigueur à compter du » while
// its start date is still to come (a convention signed for 1 January is not in force on 20 December). The server
// decides it (`startsLater`, by the rule that also labels the state « Signée — en vigueur à compter du … » rather
// than « Convention active »): the page never compares dates of its own.
export function inForceLabel(adhesion: { startsLater: boolean }): string {
  return adhesion.startsLater ? 'En vigueur à compter du' : 'En vigueur depuis';
}
