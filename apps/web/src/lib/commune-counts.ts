// A commune's adhesions counted for the communes page. Signed, a convention is active from its start date only:
// before it, `startsLater` (the server's rule, on the Paris date) counts it apart, « Signées, à venir ».
import { type AdhesionSummary } from '../api';

export function communeCounts(list: readonly AdhesionSummary[]): { active: number; upcoming: number; pending: number } {
  return {
    active: list.filter((a) => a.state === 'active' && !a.startsLater).length,
    upcoming: list.filter((a) => a.startsLater).length,
    pending: list.filter((a) => a.state !== 'active' && !a.final).length,
  };
}
