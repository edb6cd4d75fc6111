/**
 * The Art 28(3) checklist (rules/art28-checklist.yaml): which mandatory terms a DPA template does
 * not cover. Pure; read when a draft is saved, shown, and published. The warnings are for operators
 * (customer-view/customer-facts.ts: `dpa.checklist`), never for customers.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ChecklistNeed {
  what: string;
  patterns: string[];
}

export interface ChecklistTerm {
  /** Stable id, e.g. `g_deletion_or_return`. */
  term: string;
  /** Where the law says it: "Art 28(3)(g)". */
  ref: string;
  label: string;
  requires: ChecklistNeed[];
}

interface Checklist {
  version: string;
  checked: string;
  source: string;
  terms: ChecklistTerm[];
}

/** A term the template does not cover, and what of it is missing. */
export interface ChecklistWarning {
  term: string;
  /** "Art 28(3)(g) Deletion or return at the end of the services". */
  label: string;
  /** Names the term and each missing element. */
  message: string;
}

let cached: { checklist: Checklist; compiled: Map<ChecklistNeed, RegExp[]> } | undefined;

function load() {
  if (!cached) {
    const checklist = parse(readFileSync(new URL('./rules/art28-checklist.yaml', import.meta.url), 'utf8')) as Checklist;
    const compiled = new Map(checklist.terms.flatMap((t) => t.requires.map((n) => [n, n.patterns.map((p) => new RegExp(p, 'i'))] as const)));
    cached = { checklist, compiled };
  }
  return cached;
}

/** The checklist, read once. */
export const art28Checklist = (): Checklist => load().checklist;

/** A template body as the patterns read it: no emphasis, straight quotes, single spaces, `{{name}}`. */
export function checklistText(body: string): string {
  return body
    .replace(/\{\{\s*([^{}]*?)\s*\}\}/g, '{{$1}}')
    .replace(/[’‘]/g, "'").replace(/[“”]/g, '"')
    .replace(/\*+|(?<!\w)_+|_+(?!\w)/g, '')
    .replace(/\s+/g, ' ');
}

/**
 * Every Art 28(3) term the body misses, in checklist order; none when it covers them all.
 * @example checkArt28(GENERIC_TEMPLATE()) // []
 */
export function checkArt28(body: string): ChecklistWarning[] {
  const { checklist, compiled } = load();
  const text = checklistText(body);
  const warnings: ChecklistWarning[] = [];
  for (const t of checklist.terms) {
    const missing = t.requires.filter((n) => !(compiled.get(n) ?? []).some((re) => re.test(text))).map((n) => n.what);
    if (missing.length === 0) continue;
    const label = `${t.ref} ${t.label}`;
    warnings.push({ term: t.term, label, message: `${label}: missing ${missing.join('; ')}.` });
  }
  return warnings;
}
