/** Which reader a source needs, from its file name, content type, or first characters. */
export type SourceFormat = 'markdown' | 'html' | 'csv' | 'json' | 'yaml';

export const SOURCE_FORMATS: readonly SourceFormat[] = ['markdown', 'html', 'csv', 'json', 'yaml'];

export function detectFormat(text: string, hints: { name?: string | null; contentType?: string | null } = {}): SourceFormat {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(hints.name ?? '')?.[1]?.toLowerCase();
  const ct = hints.contentType?.toLowerCase() ?? '';
  if (ext === 'json' || ct.includes('json')) return 'json';
  if (ext === 'yaml' || ext === 'yml' || ct.includes('yaml')) return 'yaml';
  if (ext === 'csv' || ext === 'tsv' || ct.includes('text/csv') || ct.includes('tab-separated')) return 'csv';
  if (ext === 'html' || ext === 'htm' || ct.includes('html')) return 'html';
  if (ext === 'md' || ext === 'markdown' || ct.includes('markdown')) return 'markdown';
  const head = text.slice(0, 2000).trimStart();
  if (/^(<!doctype html|<html|<head|<body|<table|<div|<ul|<section|<article|<main|<h[1-6])/i.test(head)) return 'html';
  if (/^[{[]/.test(head)) return 'json';
  if (/^format:\s*trustroom\./m.test(head)) return 'yaml';
  // Plain text with consistent delimiters and no markdown pipes reads as CSV.
  const lines = head.split(/\r?\n/).filter((l) => l.trim()).slice(0, 5);
  if (lines.length >= 2 && !lines.some((l) => l.includes('|')) && lines.every((l) => (l.match(/[,;\t]/g)?.length ?? 0) >= 1) && /[,;\t]/.test(lines[0])) {
    const counts = lines.map((l) => (l.replace(/"[^"]*"/g, '').match(/[,;\t]/g) ?? []).length);
    if (counts.every((c) => c === counts[0])) return 'csv';
  }
  return 'markdown';
}
