import { COMMON_PASSWORDS, newPasswordSchema, PASSWORD_MIN_LENGTH } from './auth.contract.js';

describe('a new password', () => {
  it('has at least 12 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(newPasswordSchema.safeParse('Xk9-qL2vTz8').success).toBe(false); // 11
    expect(newPasswordSchema.safeParse('Xk9-qL2vTz8w').success).toBe(true); // 12
  });

  it('is not one of the most common ones, whatever its case', () => {
    expect(newPasswordSchema.safeParse('Password1234').error?.issues[0]?.message).toBe('too_common');
    expect(newPasswordSchema.safeParse('AZERTYUIOP123').success).toBe(false);
    for (const password of COMMON_PASSWORDS) expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
  });
});
