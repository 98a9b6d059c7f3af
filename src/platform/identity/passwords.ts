import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's minimum (19 MiB, 2 passes): memory-hard, and quick enough for a login.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

/** True when the password matches; a malformed stored hash counts as no match. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
