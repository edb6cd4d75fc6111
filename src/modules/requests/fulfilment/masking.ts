/**
 * Masking rules by data category (rules/masking.yaml) and the value each strategy writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { DatasetFieldDef } from './dataset.ts';

export type Strategy = { strategy: 'null' } | { strategy: 'hash' } | { strategy: 'text'; text: string } | { strategy: 'keep' };

interface MaskingRules {
  version: string;
  rules: ({ category: string } & Strategy)[];
}

let cached: MaskingRules | undefined;

/** The masking rules, read on first use. */
export function maskingRules(): MaskingRules {
  if (cached) return cached;
  const rules = parse(readFileSync(new URL('./rules/masking.yaml', import.meta.url), 'utf8')) as MaskingRules;
  // A bare `null` in YAML is no value at all: a rule must name its strategy as text.
  for (const r of rules.rules) {
    if (!['null', 'hash', 'text', 'keep'].includes(r.strategy as string) || (r.strategy === 'text' && typeof r.text !== 'string')) throw new Error(`rules/masking.yaml: the rule for ${r.category} has no valid strategy`);
  }
  cached = rules;
  return cached;
}

/** The most specific rule covering one of the field's categories, or null when none (left untouched). */
export function strategyFor(field: DatasetFieldDef): Strategy | null {
  let best: ({ category: string } & Strategy) | null = null;
  for (const cat of field.dataCategories) {
    for (const r of maskingRules().rules) {
      if ((cat === r.category || cat.startsWith(`${r.category}.`)) && (!best || r.category.length > best.category.length)) best = r;
    }
  }
  return best && best.strategy !== 'keep' ? best : null;
}

const NON_TEXT = /^(integer|float|boolean|number|int|bigint|decimal)$/i;

/** Null, a fixed text or a salted hash; number and boolean fields only ever get null. */
export function makeMasker(salt: Buffer = randomBytes(32)) {
  return (field: DatasetFieldDef, strategy: Strategy, value: unknown): unknown => {
    if (strategy.strategy === 'null' || value === null || value === undefined || (field.dataType && NON_TEXT.test(field.dataType))) return null;
    const cut = (s: string) => (field.length ? s.slice(0, field.length) : s);
    if (strategy.strategy === 'text') return cut(strategy.text);
    return cut(createHash('sha256').update(salt).update(String(value)).digest('hex'));
  };
}
