/** Text helpers for Vietnamese (pure). */

/**
 * Vietnamese without its diacritics: "Rượu men lá Đồng Phúc" → "Ruou men la Dong Phuc".
 * Đ/đ is a letter of its own in Unicode (not a d with a mark), so it is mapped by hand.
 */
export function stripDiacritics(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
}

/** A URL segment from a name: "Rượu men lá" → "ruou-men-la"; at most `max` characters. */
export function slugify(text: string, max = 60): string {
  const slug = stripDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/g, "");
}
