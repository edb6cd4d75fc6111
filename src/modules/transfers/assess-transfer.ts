import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputReader } from '../../shared/input.ts';
import { isRealDate } from '../../shared/clock.ts';
import { isCountryCode, TRANSFER_MECHANISMS, type TransferMechanism } from '../vocab/vocab.ts';

export type TransferStatus = 'intra_eea' | 'adequate' | 'safeguarded' | 'derogation' | 'no_valid_basis';

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  intra_eea: 'inside the EEA', adequate: 'adequacy decision', safeguarded: 'appropriate safeguards (Art 46)', derogation: 'derogation (Art 49)', no_valid_basis: 'no valid basis',
};

export interface TransferAssessment {
  status: TransferStatus;
  reasons: string[];
  /** Ids of the rules (rules/transfer-rules.yaml) the status rests on. */
  rules: string[];
  warnings: string[];
}

export interface FlowInput {
  /** Exporter country; null for an exporter established in the EEA (the registry's own engagements). */
  from: string | null;
  to: string;
  /** YYYY-MM-DD the transfer happens (or happened). */
  date: string;
  mechanism: TransferMechanism | null;
  dpfCertified: boolean;
}

interface Dated { from?: string; until?: string }
interface AdequacyRule extends Dated { id: string; country: string; instrument: string; scope?: 'dpf' | 'commercial'; warning?: string }
interface MechanismRule extends Dated { id: string; kind: 'adequacy' | 'safeguard' | 'adequacy-predicate' | 'derogation'; country?: string; instrument?: string; warning?: string }
interface TransferRules {
  version: string;
  eea: { members: Record<string, { from: string; countries: string[] }> };
  adequacy: AdequacyRule[];
  mechanisms: Record<TransferMechanism, MechanismRule>;
}

let cached: TransferRules | null = null;

/** The rule data, read on first use (YAML 1.2: dates stay YYYY-MM-DD strings, and NO stays Norway). */
export function transferRules(): TransferRules {
  cached ??= parse(readFileSync(new URL('./rules/transfer-rules.yaml', import.meta.url), 'utf8')) as TransferRules;
  return cached;
}

const inForce = (r: Dated, date: string) => (!r.from || String(r.from) <= date) && (!r.until || date < String(r.until));

/** The EEA member group of a country on a date, if any. */
function eeaGroup(country: string, date: string): string | null {
  for (const [group, m] of Object.entries(transferRules().eea.members)) if (m.countries.includes(country) && String(m.from) <= date) return group;
  return null;
}

/** Reads a flow from untyped input (CLI flags, API body); names every bad field. */
export function parseFlow(raw: unknown): FlowInput {
  const r = new InputReader(raw);
  const code = (field: string) => {
    const v = r.text(field, { required: true, max: 2 });
    if (v && !isCountryCode(v.toUpperCase())) r.problem(field, 'must be an ISO 3166-1 alpha-2 country code');
    return v?.toUpperCase() ?? '';
  };
  const from = code('from');
  const to = code('to');
  const date = r.text('date', { required: true, max: 10 }) ?? '';
  if (date && !isRealDate(date)) r.problem('date', 'must be a date as YYYY-MM-DD');
  const mechanism = r.choice('mechanism', TRANSFER_MECHANISMS);
  const dpfCertified = r.flag('dpfCertified');
  return r.done({ from, to, date, mechanism, dpfCertified });
}

/**
 * Assesses one transfer under EU GDPR Chapter V as the rules stood on `date`: inside the EEA, an
 * adequacy decision (with its scope), an Art 46 safeguard valid then, an Art 49 derogation, or
 * no valid basis. Every status comes with reasons and the ids of the rules used.
 */
export function assessTransfer(flow: FlowInput): TransferAssessment {
  const rules = transferRules();
  const out: TransferAssessment = { status: 'no_valid_basis', reasons: [], rules: [], warnings: [] };
  const done = (status: TransferStatus) => ({ ...out, status });
  if (flow.from && !eeaGroup(flow.from, flow.date)) {
    out.warnings.push(`${flow.from} is not in the EEA on ${flow.date}: assessed under EU GDPR rules, which apply to this exporter only if it is subject to the GDPR (Art 3).`);
  }
  if (eeaGroup(flow.to, flow.date)) {
    out.rules.push('eea');
    out.reasons.push(`${flow.to} is in the EEA on ${flow.date}: no Chapter V transfer.`);
    return done('intra_eea');
  }
  const adequacy = rules.adequacy.find((a) => a.country === flow.to && inForce(a, flow.date));
  if (adequacy) {
    if (adequacy.scope !== 'dpf' || flow.dpfCertified) {
      out.rules.push(adequacy.id);
      out.reasons.push(`Adequacy decision for ${flow.to} in force on ${flow.date}: ${adequacy.instrument}.`);
      if (adequacy.warning) out.warnings.push(adequacy.warning);
      if (adequacy.scope === 'dpf') out.reasons.push('The importer is certified under the Data Privacy Framework.');
      return done('adequate');
    }
    out.reasons.push(`The adequacy decision for ${flow.to} covers only organisations certified under the Data Privacy Framework, and this importer is not.`);
  } else if (flow.mechanism === 'adequacy') {
    out.reasons.push(`No adequacy decision covers ${flow.to} on ${flow.date}.`);
  }
  const m = flow.mechanism ? rules.mechanisms[flow.mechanism] : undefined;
  if (!flow.mechanism || flow.mechanism === 'none' || flow.mechanism === 'adequacy' || !m) {
    if (!flow.mechanism || flow.mechanism === 'none') out.reasons.push(`No transfer mechanism is given for ${flow.to}, which has no adequacy decision that applies.`);
    return done('no_valid_basis');
  }
  if (m.kind === 'adequacy-predicate') {
    out.reasons.push(flow.to !== m.country ? `The Data Privacy Framework only covers transfers to the United States, not ${flow.to}.` : adequacy ? 'The importer must be certified under the Data Privacy Framework (pass --dpf-certified if it is).' : `No Data Privacy Framework adequacy decision was in force on ${flow.date}.`);
    return done('no_valid_basis');
  }
  if (!inForce(m, flow.date) || (m.country && m.country !== flow.to)) {
    out.rules.push(m.id);
    out.reasons.push(m.country && m.country !== flow.to ? `${m.id} only ever covered transfers to ${m.country}.` : `${m.id} was not valid on ${flow.date}: ${m.instrument}.`);
    return done('no_valid_basis');
  }
  out.rules.push(m.id);
  if (m.warning) out.warnings.push(m.warning);
  if (m.kind === 'adequacy') {
    out.reasons.push(`${m.instrument}: in force on ${flow.date}.`);
    return done('adequate');
  }
  if (m.kind === 'derogation') {
    out.reasons.push(`An Art 49 derogation is relied on (${m.instrument}).`);
    return done('derogation');
  }
  out.reasons.push(`Appropriate safeguard under Art 46 valid on ${flow.date}: ${m.instrument}.`);
  return done('safeguarded');
}
