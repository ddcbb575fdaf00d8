// The filled button of the adhesion page: the next step of the lifecycle, never a destructive move or a detour.
import { primaryAction } from './waiting.js';

describe('the primary action', () => {
  it('is the next step, never a withdrawal, a refusal or a question', () => {
    expect(primaryAction(['WITHDRAW', 'ACCEPT_PROPOSAL', 'REQUEST_CHANGES', 'DECLINE_PROPOSAL'])).toBe('ACCEPT_PROPOSAL');
    expect(primaryAction(['REQUEST_INFO', 'SUBMIT_STUDY'])).toBe('SUBMIT_STUDY');
    expect(primaryAction(['SUBMIT', 'WITHDRAW'])).toBe('SUBMIT');
    expect(primaryAction(['APPROVE_STUDY', 'REVISE_STUDY', 'REJECT'])).toBe('APPROVE_STUDY');
  });

  it('is none when only side moves are open', () => {
    expect(primaryAction(['WITHDRAW'])).toBeNull();
    expect(primaryAction(['PROPOSE_AMENDMENT', 'GIVE_NOTICE'])).toBeNull();
    expect(primaryAction([])).toBeNull();
  });
});
