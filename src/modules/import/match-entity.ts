/**
 * Which registry entity an imported row names: the same name or legal name, the same name once
 * case, punctuation, accents and legal suffixes are set aside ("Stripe, Inc." = "stripe" =
 * "Stripe Inc"), or the same website host. Pure: the caller passes the registry's entities.
 */
import { entityKey } from './import.ts';

/** Legal forms that end a company name; removed (repeatedly) before comparing names. */
const LEGAL_SUFFIX = /\s+(inc|incorporated|llc|llp|lp|ltd|limited|plc|corp|corporation|co|company|gmbh|mbh|ag|kg|ug|se|sa|sas|sasu|sarl|sàrl|srl|spa|sl|slu|bv|nv|oy|oyj|ab|as|asa|aps|ou|oü|pty|pte|kk|gk|sp z oo|sro|zrt|kft|doo)$/;

/**
 * A company name reduced for comparison: "Stripe Payments Europe, Ltd." → "stripe payments europe",
 * "Hetzner Online GmbH" → "hetzner online", "Crisp IM S.A.S." → "crisp im". Never empty when the
 * name has letters: "Inc." alone stays "inc".
 */
export function normaliseEntityName(name: string): string {
  return splitLegalForm(name).base;
}

const SAME_FORM: Record<string, string> = { incorporated: 'inc', limited: 'ltd', corporation: 'corp', company: 'co', sasu: 'sas', oü: 'ou' };

/**
 * A name as its base and its legal form ("Ingram Micro Pty Ltd" → "ingram micro" + "pty ltd").
 * Two forms that differ name two companies of one group (Inc. in the US, Pty Ltd in Australia).
 */
export function splitLegalForm(name: string): { base: string; form: string } {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/&/g, ' and ')
    // "S.A.S." and "B.V." first lose their dots so that they read as one word.
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1').replace(/\b([a-z])\.(?=\s|$|,)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ').trim();
  let out = base;
  const form: string[] = [];
  for (let i = 0; i < 4; i++) {
    const m = LEGAL_SUFFIX.exec(out);
    const next = m ? out.slice(0, m.index).trim() : out;
    if (!m || !next) break;
    form.unshift(SAME_FORM[m[1]] ?? m[1]);
    out = next;
  }
  return { base: out, form: form.join(' ') };
}

/** "https://www.Stripe.com/privacy" → "stripe.com"; null when the text is no web address. */
export function websiteHost(url: string | null | undefined): string | null {
  if (!url) return null;
  const text = url.trim();
  try {
    const u = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    if (!u.hostname.includes('.')) return null;
    return u.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

export interface MatchableEntity {
  id: string;
  name: string;
  legalName: string | null;
  website: string | null;
}

export type EntityMatch = { id: string; by: 'name' | 'legal name' | 'normalised name' | 'website' };

/**
 * A lookup of registry entities by every key a row may match on, strongest first. Entities added
 * while importing (`add`) are found by later rows, so one company on several rows is created once.
 * @example
 * const match = entityMatcher(await listEntities(db, workspaceId));
 * match.find({ name: 'Stripe Inc', website: null }) // { id: '…', by: 'normalised name' }
 */
export function entityMatcher(entities: MatchableEntity[]) {
  const exact = new Map<string, string>();
  const legal = new Map<string, string>();
  const normal = new Map<string, Array<{ id: string; form: string }>>();
  const host = new Map<string, string>();
  const add = (e: MatchableEntity) => {
    if (!exact.has(entityKey(e.name))) exact.set(entityKey(e.name), e.id);
    if (e.legalName && !legal.has(entityKey(e.legalName))) legal.set(entityKey(e.legalName), e.id);
    for (const n of [e.name, e.legalName]) {
      const { base, form } = n ? splitLegalForm(n) : { base: '', form: '' };
      if (base) normal.set(base, [...(normal.get(base) ?? []), { id: e.id, form }]);
    }
    const h = websiteHost(e.website);
    if (h && !host.has(h)) host.set(h, e.id);
  };
  entities.forEach(add);
  const find = (row: { name: string; legalName?: string | null; website?: string | null }): EntityMatch | null => {
    const key = entityKey(row.name);
    const byName = exact.get(key);
    if (byName) return { id: byName, by: 'name' };
    const legalKey = row.legalName ? entityKey(row.legalName) : null;
    const byLegal = legal.get(key) ?? (legalKey ? legal.get(legalKey) ?? exact.get(legalKey) : undefined);
    if (byLegal) return { id: byLegal, by: 'legal name' };
    // The same base name matches when the legal forms agree or one side gives none.
    const { base, form } = splitLegalForm(row.name);
    const same = (normal.get(base) ?? []).find((c) => c.form === form || !c.form || !form);
    if (same) return { id: same.id, by: 'normalised name' };
    const h = websiteHost(row.website);
    const byHost = h ? host.get(h) : undefined;
    return byHost ? { id: byHost, by: 'website' } : null;
  };
  return { find, add };
}
