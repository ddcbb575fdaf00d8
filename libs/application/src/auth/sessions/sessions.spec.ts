import { Forbidden, InvalidInput, NotFound } from '#workflow';
import { twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { SYSTEM_ACTOR } from '../../common/actor.js';
import { hashPassword, verifyPassword } from '../../common/password.js';
import { SessionsUseCase } from './sessions.usecase.js';

describe('SessionsUseCase', () => {
  let world: TwoEpcis;
  let sessions: SessionsUseCase;
  const version = (id: string) => world.uow.read((r) => r.users.byId(id)).then((u) => u!.sessionVersion);
  const hashOf = (id: string) => world.uow.read((r) => r.users.byId(id)).then((u) => u!.passwordHash);

  beforeEach(async () => {
    world = await twoEpcis();
    sessions = new SessionsUseCase(world.uow);
    await world.uow.write(async (r) => r.users.bumpSessionVersion(world.users.dgsA.id, await hashPassword('the-current-password')));
  });

  it('revokes every token of a user by bumping the session version', async () => {
    const before = await version(world.users.dgsA.id);
    await sessions.revokeAll(world.users.dgsA.id);
    expect(await version(world.users.dgsA.id)).toBe(before + 1);
    expect(await version(world.users.dgsB.id)).toBe(0);
  });

  it('changes a password with the current one, and bumps the session version', async () => {
    const before = await version(world.users.dgsA.id);
    await sessions.changePassword(world.actors.dgsA, { currentPassword: 'the-current-password', newPassword: 'a-brand-new-password' });
    expect(await verifyPassword(await hashOf(world.users.dgsA.id), 'a-brand-new-password')).toBe(true);
    expect(await version(world.users.dgsA.id)).toBe(before + 1);
  });

  it('refuses a wrong current password, a short, common or unchanged new one, and changes nothing', async () => {
    const before = await version(world.users.dgsA.id);
    const attempt = (currentPassword: string, newPassword: string) => sessions.changePassword(world.actors.dgsA, { currentPassword, newPassword });
    await expect(attempt('wrong', 'a-brand-new-password')).rejects.toMatchObject({ details: { issues: [{ field: 'currentPassword', code: 'wrong_password' }] } });
    await expect(attempt('the-current-password', 'elevenchars')).rejects.toMatchObject({ details: { issues: [{ field: 'newPassword', code: 'too_small' }] } });
    await expect(attempt('the-current-password', 'Azertyuiop123')).rejects.toMatchObject({ details: { issues: [{ field: 'newPassword', code: 'too_common' }] } });
    await expect(attempt('the-current-password', 'the-current-password')).rejects.toThrow(InvalidInput);
    await expect(sessions.changePassword(SYSTEM_ACTOR, { currentPassword: 'x', newPassword: 'a-brand-new-password' })).rejects.toThrow(Forbidden);
    expect(await version(world.users.dgsA.id)).toBe(before);
  });

  it('lets the admin or the system (the CLI) reset a password, bumping the session version; nobody else', async () => {
    const before = await version(world.users.secretaryA1.id);
    await expect(sessions.resetPassword(world.actors.dgsA, { id: world.users.secretaryA1.id }, { newPassword: 'reset-password-1' })).rejects.toThrow(Forbidden);
    await expect(sessions.resetPassword(world.actors.admin, { id: 'nobody' }, { newPassword: 'reset-password-1' })).rejects.toThrow(NotFound);
    await sessions.resetPassword(world.actors.admin, { id: world.users.secretaryA1.id }, { newPassword: 'reset-password-1' });
    await sessions.resetPassword(SYSTEM_ACTOR, { email: world.users.secretaryA1.email.toUpperCase() }, { newPassword: 'reset-password-2' });
    expect(await verifyPassword(await hashOf(world.users.secretaryA1.id), 'reset-password-2')).toBe(true);
    expect(await version(world.users.secretaryA1.id)).toBe(before + 2);
  });
});
