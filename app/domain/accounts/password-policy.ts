/**
 * What a password must be: long enough to resist guessing, short enough to hash cheaply, and
 * not one of the passwords every attacker tries first. Length rather than character classes,
 * which are hard to follow and add little (NIST SP 800-63B).
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// The first guesses of any attacker, including the Vietnamese favourites ("matkhau" = password).
const COMMON_PASSWORDS = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "87654321",
  "12341234",
  "11223344",
  "password",
  "password1",
  "password123",
  "passw0rd",
  "matkhau",
  "matkhau1",
  "matkhau123",
  "matkhau@123",
  "qwerty123",
  "qwertyui",
  "qwertyuiop",
  "abc12345",
  "abcd1234",
  "abc123456",
  "1q2w3e4r",
  "iloveyou",
  "anhyeuem",
  "emyeuanh",
  "admin123",
  "welcome1",
  "vietnam1",
  "vietnam123",
  "123456aa",
  "aa123456",
  "1234qwer",
]);

/** Null when the password is acceptable, else a dictionary key saying what to change. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "accounts.errors.passwordTooShort";
  if (length > PASSWORD_MAX) return "accounts.errors.passwordTooLong";
  if (new Set(password).size === 1) return "accounts.errors.passwordAllSame";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "accounts.errors.passwordTooCommon";
  return null;
}
