/**
 * Typed placeholders of DPA templates (rules/placeholders.yaml): finding them in a body, refusing
 * unknown ones, and substituting values escaped as markdown text.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FieldIssue } from '../../shared/errors.ts';

export type PlaceholderType = 'text' | 'number' | 'date' | 'country' | 'enum';

export interface Placeholder {
  name: string;
  type: PlaceholderType;
  description: string;
  /** Where the value comes from (table.column, or a rule). */
  source: string;
  /** enum: the stored values. */
  values?: string[];
  /** The value used when the customer leaves the term to the DPA (null in the database). */
  default?: number | string;
}

interface Catalogue {
  version: string;
  checked: string;
  source: string;
  placeholders: Placeholder[];
}

let cached: Catalogue | undefined;

/** The catalogue, read once. */
export function placeholderCatalogue(): Catalogue {
  return (cached ??= parse(readFileSync(new URL('./rules/placeholders.yaml', import.meta.url), 'utf8')) as Catalogue);
}

/** `{{ name }}`, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every placeholder name used in `body`, once each, in order of first use. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Problems with a body's placeholders, each naming `body` and the placeholder. */
export function placeholderIssues(body: string): FieldIssue[] {
  const known = new Set(placeholderCatalogue().placeholders.map((p) => p.name));
  return placeholdersIn(body)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: 'body', message: `unknown placeholder {{${name.slice(0, 60)}}}: use one of the listed placeholders` }));
}

/**
 * Escapes text so markdown reads it as plain text: every ASCII punctuation that could start
 * markup is backslash-escaped, and line breaks become ", " (a blank line would end the paragraph).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n+/g, ', ').replace(/[\\`*_[\]{}()<>#+\-.!|~&]/g, '\\$&');
}

/**
 * Puts the values in the body. Every placeholder in the catalogue must have a value (an unknown
 * one was refused on save; should one slip through, it stays visible rather than vanishing).
 */
export function substitutePlaceholders(body: string, values: Record<string, string>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => (name in values ? escapeMarkdown(values[name]) : whole));
}
