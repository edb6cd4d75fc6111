/** Turns a display name into a slug matching SLUG_PATTERN, so users need not invent one. */
export function slugify(name: string, max = 64): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.slice(0, max).replace(/-+$/g, '');
}

/**
 * Derives a slug from a name that is free in its scope: "-2", "-3" … are appended on collision,
 * and names with no Latin letters or digits (CJK, emoji) fall back to `${fallback}-1`.
 */
export async function uniqueSlug(name: string, fallback: string, taken: (slug: string) => Promise<boolean>, max = 64): Promise<string> {
  const derived = slugify(name, max);
  const base = derived || fallback;
  for (let n = 1; ; n += 1) {
    const suffix = derived && n === 1 ? '' : `-${n}`;
    const candidate = `${base.slice(0, max - suffix.length).replace(/-+$/g, '')}${suffix}`;
    if (!(await taken(candidate))) return candidate;
  }
}
