import { type FieldIssue, invalid } from './errors.ts';

/**
 * Reads untyped input (JSON body, form fields, CLI flags) field by field and collects every
 * problem, so one error names all bad fields. Forms send strings; JSON sends typed values —
 * both are accepted where the meaning is unambiguous.
 */
export class InputReader {
  readonly issues: FieldIssue[] = [];
  private readonly raw: Record<string, unknown>;

  constructor(raw: unknown) {
    this.raw = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      this.issues.push({ field: 'body', message: 'must be an object' });
    }
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined;
  }

  problem(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  /**
   * A trimmed, NFC-normalised string; '' and absent become null unless required. A NUL character
   * is refused. `name`: a name or title people read (entity, customer, workspace, display name…),
   * refused when it is invisible (only zero-width characters) or holds bidi overrides/isolates,
   * which make it read differently from what it is. `verbatim`: not normalised (passwords).
   */
  text(field: string, opts: { required?: boolean; max?: number; pattern?: RegExp; patternMessage?: string; name?: boolean; verbatim?: boolean } = {}): string | null {
    const v = this.raw[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (opts.required) this.problem(field, 'is required');
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.problem(field, 'must be a string');
      return null;
    }
    const s = opts.verbatim ? String(v).trim() : String(v).normalize('NFC').trim();
    const problem = textProblem(s, opts.name ?? false);
    if (problem) {
      this.problem(field, problem);
      return null;
    }
    if (s.length > (opts.max ?? 2000)) {
      this.problem(field, `must be at most ${opts.max ?? 2000} characters`);
      return null;
    }
    if (opts.pattern && !opts.pattern.test(s)) {
      this.problem(field, opts.patternMessage ?? 'has an invalid format');
      return null;
    }
    return s;
  }

  /** One of `allowed`; the message lists them. */
  choice<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean; fallback?: T } = {}): T | null {
    const s = this.text(field, { required: opts.required && opts.fallback === undefined });
    if (s === null) return opts.fallback ?? null;
    if (!(allowed as readonly string[]).includes(s)) {
      this.problem(field, `must be one of ${allowed.join(', ')}`);
      return null;
    }
    return s as T;
  }

  /** A list of strings: a JSON array, or one string separated by commas or new lines (forms). */
  list(field: string, opts: { each?: (item: string) => string | null; eachMessage?: string; max?: number } = {}): string[] {
    const v = this.raw[field];
    if (v === undefined || v === null || v === '') return [];
    let items: unknown[];
    if (Array.isArray(v)) items = v;
    else if (typeof v === 'string') items = v.split(/[,\n]/);
    else {
      this.problem(field, 'must be a list of strings');
      return [];
    }
    const out: string[] = [];
    items.forEach((item, i) => {
      if (typeof item !== 'string') {
        this.problem(`${field}[${i}]`, 'must be a string');
        return;
      }
      const s = item.normalize('NFC').trim();
      if (!s) return;
      const problem = textProblem(s, false);
      if (problem) {
        this.problem(`${field}[${i}]`, problem);
        return;
      }
      const value = opts.each ? opts.each(s) : s;
      if (value === null) this.problem(`${field}[${i}]`, opts.eachMessage ?? 'is invalid');
      else if (!out.includes(value)) out.push(value);
    });
    if (opts.max && out.length > opts.max) this.problem(field, `must have at most ${opts.max} items`);
    return out;
  }

  /** true/false, also "on"/"1"/"true" from forms; absent is false unless `absent` says otherwise. */
  flag(field: string, opts: { absent?: boolean } = {}): boolean {
    const v = this.raw[field];
    if ((v === undefined || v === null || v === '') && opts.absent !== undefined) return opts.absent;
    if (v === undefined || v === null || v === '' || v === false || v === 'false' || v === '0' || v === 'off') return false;
    if (v === true || v === 'true' || v === 'on' || v === '1' || v === 1) return true;
    this.problem(field, 'must be true or false');
    return false;
  }

  /** Throws one validation error naming every bad field; otherwise returns `value`. */
  done<T>(value: T): T {
    if (this.issues.length) throw invalid(this.issues);
    return value;
  }
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Why a text is refused, if it is: a NUL anywhere; for a name, invisible or with bidi controls. */
export function textProblem(s: string, isName: boolean): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character';
  if (!isName) return null;
  if (s.replace(ZERO_WIDTH, '').trim() === '') return 'must contain visible characters';
  if (BIDI_CONTROLS.test(s)) return 'must not contain bidirectional override or isolate characters';
  return null;
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const SLUG_MESSAGE = 'must be lower-case letters, digits and hyphens (1–64), starting and ending with a letter or digit';
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$/;
