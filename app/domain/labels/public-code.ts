/**
 * Random public codes for the short trace path (/t/{code}) of batches: printed on labels for
 * years, so they are drawn at random, never derived from anything internal. Pure apart from
 * the random source (Web Crypto, available in Node and in browsers).
 */

// Crockford base32, lower-case: no i, l, o, u, so a code read aloud or retyped is unambiguous.
export const PUBLIC_CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
export const PUBLIC_CODE_LENGTH = 10;

/** A random 10-character public code (50 bits): unguessable, so it is drawn, never derived. */
export function randomPublicCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(PUBLIC_CODE_LENGTH));
  // 256 is a multiple of 32, so masking each byte keeps every character equally likely.
  return Array.from(bytes, (b) => PUBLIC_CODE_ALPHABET[b & 31]).join("");
}
