/**
 * The transfer engine (CU5): the status of one flow of personal data on a date, under the regime
 * of its exporter as the rules stood then (rules/*.yaml). Every answer carries reasons, warnings
 * and rule ids for operators, and one neutral sentence a customer may read (`customerFact`).
 */
import { isRealDate } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import { isCountryCode, MECHANISM_LABELS } from '../vocab/vocab.ts';
import {
  destinationName, euAreaEntry, FLOW_MECHANISMS, type FlowMechanism, inForce, isOrganisationCode, lawOn, type MechanismRule, REGIMES, type Regime,
  REGIME_LABELS, regimeRules, resolveRegime,
} from './transfer-rules.ts';

export { FLOW_MECHANISMS, type FlowMechanism, REGIMES, type Regime } from './transfer-rules.ts';

/**
 * `intra_eea`: no transfer under EU rules (inside the EEA or EU territory, or treated so: the UK in
 * the transition period and under the TCA bridge). `domestic`: a Swiss or UK exporter's own country.
 */
export type TransferStatus = 'intra_eea' | 'domestic' | 'adequate' | 'safeguarded' | 'derogation' | 'no_valid_basis';

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  intra_eea: 'inside the EEA', domestic: "inside the exporter's country", adequate: 'adequacy decision', safeguarded: 'appropriate safeguards (Art 46)', derogation: 'derogation (Art 49)', no_valid_basis: 'no valid basis',
};

/** Whether a status means data leaves the exporter's area (EEA for EU exporters, the country for Swiss and UK ones). */
export const isTransfer = (status: TransferStatus): boolean => status !== 'intra_eea' && status !== 'domestic';

/** How people read a mechanism, the older clauses and UK tools included. */
export const FLOW_MECHANISM_LABELS: Record<FlowMechanism, string> = {
  ...MECHANISM_LABELS, 'scc-2001': 'Standard contractual clauses (2001)', 'scc-2002': 'Standard contractual clauses (2002)', 'scc-2004': 'Standard contractual clauses (2004)',
  'uk-idta': 'UK International Data Transfer Agreement', 'uk-addendum': 'UK Addendum to the standard contractual clauses (2021)',
};

export interface TransferAssessment {
  status: TransferStatus;
  /**
   * A neutral sentence a customer may read: "Inside the EEA", "Adequacy decision (…)", "Standard
   * contractual clauses (2021)", "Transfer mechanism: none recorded". Never a judgement or advice:
   * `reasons` and `warnings` are for operators only.
   */
  customerFact: string;
  /** The exporter's regime the flow was assessed under. */
  regime: Regime;
  /** The law of that regime on the date, e.g. "Directive 95/46/EC". */
  law: string;
  /** The mechanism the status rests on; null when the destination alone decides (inside, adequacy by country). */
  mechanism: FlowMechanism | null;
  reasons: string[];
  /** Ids of the rules (rules/*.yaml) the status rests on. */
  rules: string[];
  warnings: string[];
}

export interface FlowInput {
  /** Exporter country; null for an exporter established in the EEA (the registry's own engagements). */
  from: string | null;
  /** Destination: an ISO 3166-1 alpha-2 country, or an international organisation (`IO-EPO`). */
  to: string;
  /** YYYY-MM-DD the transfer happens (or happened). */
  date: string;
  mechanism: FlowMechanism | null;
  dpfCertified: boolean;
  /** The regime asked for; absent: the exporter's own (EU for the EEA, uk for GB, ch for CH). */
  regime?: Regime | null;
}

const COUNTRY = 'must be an ISO 3166-1 alpha-2 country code';

/** Reads a flow from untyped input (CLI flags, API query); names every bad field. */
export function parseFlow(raw: unknown): FlowInput {
  const r = new InputReader(raw);
  const from = r.text('from', { required: true, max: 2 })?.toUpperCase() ?? '';
  if (from && !isCountryCode(from)) r.problem('from', COUNTRY);
  const to = r.text('to', { required: true, max: 20 })?.toUpperCase() ?? '';
  if (to && !isCountryCode(to) && !isOrganisationCode(to)) r.problem('to', `${COUNTRY}, or an international organisation's code (IO-EPO)`);
  const date = r.text('date', { required: true, max: 10 }) ?? '';
  if (date && !isRealDate(date)) r.problem('date', 'must be a date as YYYY-MM-DD');
  const mechanism = r.choice('mechanism', FLOW_MECHANISMS);
  const dpfCertified = r.flag('dpfCertified');
  const regime = r.choice('regime', REGIMES);
  if (r.issues.length === 0) {
    const resolved = resolveRegime(from, date, regime);
    if ('field' in resolved) r.problem(resolved.field, resolved.message);
  }
  return r.done({ from, to, date, mechanism, dpfCertified, regime });
}

const fill = (text: string, v: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => v[k] ?? m);

/**
 * Assesses one transfer as the rules of its exporter's regime stood on `date`: inside (EEA, or the
 * exporter's own country), an adequacy decision (with its scope), a safeguard valid then, a
 * derogation, or no valid basis. Throws a validation error naming `from`, `regime` or `date` when
 * the exporter's regime cannot be assessed (parseFlow reports the same).
 * @example assessTransfer({ from: 'CH', to: 'US', date: '2024-09-15', mechanism: 'dpf', dpfCertified: true }).status // 'adequate'
 */
export function assessTransfer(flow: FlowInput): TransferAssessment {
  const resolved = resolveRegime(flow.from, flow.date, flow.regime ?? null);
  if ('field' in resolved) throw invalid(resolved.field, resolved.message);
  const rules = regimeRules(resolved.regime);
  const law = lawOn(rules, flow.date);
  if (!law) throw invalid('date', `${REGIME_LABELS[resolved.regime]} do not cover ${flow.date}`);
  const { to, date } = flow;
  const v = { to, date, law_area: law.area ?? '' };
  const out: TransferAssessment = { status: 'no_valid_basis', customerFact: '', regime: resolved.regime, law: law.name, mechanism: null, reasons: [], rules: [], warnings: [] };
  const done = (status: TransferStatus, customerFact: string, mechanism: FlowMechanism | null = null): TransferAssessment => ({ ...out, status, customerFact, mechanism });
  const recorded = () => (flow.mechanism && flow.mechanism !== 'none' ? `Transfer mechanism: ${FLOW_MECHANISM_LABELS[flow.mechanism]}` : 'Transfer mechanism: none recorded');

  out.reasons.push(`Assessed under ${law.name} (${REGIME_LABELS[resolved.regime]}) as of ${date}.`);
  if (resolved.outsider) out.warnings.push(`${flow.from} is not in the EEA on ${date}: assessed under EU rules, which apply to this exporter only if the GDPR covers its processing (Art 3(2)).`);
  if (law.note && (!law.noteUntil || date < String(law.noteUntil))) out.warnings.push(law.note);

  if (rules.domestic?.countries.includes(to)) {
    out.rules.push(`${rules.regime}-domestic`);
    out.reasons.push(fill(rules.domestic.reason, v));
    return done('domestic', rules.domestic.fact);
  }
  const area = rules.regime === 'eu' ? euAreaEntry(to, date) : undefined;
  if (area) {
    out.rules.push(area.id);
    out.reasons.push(fill(area.reason ?? `{to} is ${law.id === 'directive' ? 'in a Member State' : 'in the EEA'} on {date}: {law_area}.`, v));
    return done('intra_eea', area.fact ?? 'Inside the EEA');
  }
  const note = rules.outside.find((o) => o.countries.includes(to) && inForce(o, date));
  if (note) out.reasons.push(fill(note.note, v));

  const adequacy = rules.adequacy.find((a) => a.countries.includes(to) && inForce(a, date));
  if (adequacy) {
    if (adequacy.scope !== 'dpf' || flow.dpfCertified) {
      out.rules.push(adequacy.id);
      out.reasons.push(`Adequacy for ${destinationName(to)} in force on ${date}: ${adequacy.instrument}.`);
      if (adequacy.warning) out.warnings.push(adequacy.warning);
      if (adequacy.scope === 'dpf') out.reasons.push('The importer is certified under the Data Privacy Framework.');
      return done('adequate', adequacy.fact ?? `Adequacy decision (${adequacy.instrument})`, adequacy.scope === 'dpf' ? 'dpf' : null);
    }
    out.reasons.push(`The adequacy for ${destinationName(to)} covers only organisations certified under the Data Privacy Framework, and this importer is not.`);
  } else if (flow.mechanism === 'adequacy') {
    out.reasons.push(`No adequacy covers ${destinationName(to)} on ${date} under ${REGIME_LABELS[rules.regime]}.`);
  }

  const m = flow.mechanism;
  if (!m || m === 'none' || m === 'adequacy') {
    if (!m || m === 'none') out.reasons.push(`No transfer mechanism is given for ${destinationName(to)}, which has no adequacy that applies.`);
    return done('no_valid_basis', recorded());
  }
  if (m === 'dpf') {
    const dpf = rules.adequacy.find((a) => a.scope === 'dpf');
    out.reasons.push(dpf && !dpf.countries.includes(to)
      ? `The Data Privacy Framework only covers transfers to the United States, not ${destinationName(to)}.`
      : adequacy ? 'The importer must be certified under the Data Privacy Framework (pass --dpf-certified if it is).'
        : `No Data Privacy Framework adequacy was in force under ${REGIME_LABELS[rules.regime]} on ${date}${dpf?.from ? ` (it applies from ${dpf.from})` : ''}.`);
    return done('no_valid_basis', recorded());
  }
  const entries = rules.mechanisms[m];
  if (!entries) {
    out.reasons.push(rules.unavailable?.[m] ?? `${FLOW_MECHANISM_LABELS[m]} is not a transfer mechanism under ${REGIME_LABELS[rules.regime]}.`);
    return done('no_valid_basis', recorded());
  }
  const rule: MechanismRule = entries.find((e) => inForce(e, date)) ?? entries.reduce((a, b) => (Math.abs(Date.parse(String(b.from)) - Date.parse(date)) < Math.abs(Date.parse(String(a.from)) - Date.parse(date)) ? b : a));
  out.rules.push(rule.id);
  if (!inForce(rule, date) || (rule.countries && !rule.countries.includes(to))) {
    out.reasons.push(rule.countries && !rule.countries.includes(to) ? `${rule.id} only ever covered transfers to ${rule.countries.map(destinationName).join(', ')}.` : `${rule.id} was not valid on ${date}: ${rule.instrument}.`);
    return done('no_valid_basis', recorded());
  }
  if (rule.warning) out.warnings.push(rule.warning);
  if (rule.late && String(rule.late.from) <= date) out.warnings.push(rule.late.warning);
  if (rule.kind === 'adequacy') {
    out.reasons.push(`${rule.instrument}: in force on ${date}.`);
    return done('adequate', rule.fact ?? `Adequacy decision (${FLOW_MECHANISM_LABELS[m]})`, m);
  }
  if (rule.kind === 'derogation') {
    out.reasons.push(`A derogation is relied on (${rule.instrument}).`);
    return done('derogation', rule.fact ?? FLOW_MECHANISM_LABELS[m], m);
  }
  out.reasons.push(`Appropriate safeguard valid on ${date}: ${rule.instrument}.`);
  return done('safeguarded', rule.fact ?? FLOW_MECHANISM_LABELS[m], m);
}
