// The password form's checks that need no server: what is missing, too short, or typed twice differently.

/**
 * The contract's least length (PASSWORD_MIN_LENGTH in libs/contracts, which the web imports as types only, so
 * without zod): checked here first for a precise message.
 */
export const PASSWORD_MIN_LENGTH = 12;

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

/** What the browser can tell before asking the server; the server still decides (wrong or common password). */
export function checkPasswordForm(form: PasswordForm): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!form.currentPassword) fields.currentPassword = 'Indiquez votre mot de passe actuel.';
  if (!form.newPassword) fields.newPassword = 'Indiquez un nouveau mot de passe.';
  else if (form.newPassword.length < PASSWORD_MIN_LENGTH) fields.newPassword = `Au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (form.newPassword && form.confirmation !== form.newPassword) fields.confirmation = 'Les deux mots de passe saisis ne sont pas identiques.';
  return fields;
}
