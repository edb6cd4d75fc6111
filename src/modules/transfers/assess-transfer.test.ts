import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { assessTransfer, parseFlow, type TransferStatus } from './assess-transfer.ts';

const fields = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

/**
 * Hand-checked cases: each date sits on one side of a decision's start or end, counted from the
 * dates in rules/transfer-rules.yaml (which cite their instruments).
 */
const CASES: Array<[string, Record<string, unknown>, TransferStatus, string[]]> = [
  ['France to Germany stays inside the EEA', { from: 'FR', to: 'DE', date: '2024-01-01' }, 'intra_eea', ['eea']],
  ['France to Norway is inside the EEA once the GDPR applies there', { from: 'FR', to: 'NO', date: '2018-07-20' }, 'intra_eea', ['eea']],
  // Corrected after checking the reference: until the GDPR entered the EEA Agreement the Directive
  // kept applying there, so data kept flowing freely (EFTA Secretariat, 5 June 2018).
  ['France to Norway the day before the GDPR entered the EEA Agreement is still free under the Directive', { from: 'FR', to: 'NO', date: '2018-07-19', mechanism: 'none' }, 'intra_eea', ['eea-efta-directive']],
  ['France to Iceland is inside the EEA', { from: 'FR', to: 'IS', date: '2025-03-01' }, 'intra_eea', ['eea']],
  ['France to Switzerland is adequate', { from: 'FR', to: 'CH', date: '2024-01-01' }, 'adequate', ['adequacy-ch']],
  ['Germany to the UK is adequate from 28 June 2021', { from: 'DE', to: 'GB', date: '2021-06-28' }, 'adequate', ['adequacy-gb']],
  // Corrected: 27 June 2021 is the last day of the TCA bridge (Art FINPROV.10A), not a transfer.
  ['Germany to the UK on 27 June 2021, the bridge’s last day, is not a transfer', { from: 'DE', to: 'GB', date: '2021-06-27', mechanism: 'scc-2021' }, 'intra_eea', ['uk-tca-bridge']],
  ['Germany to the UK on the last day of the renewal is adequate', { from: 'DE', to: 'GB', date: '2031-12-27' }, 'adequate', ['adequacy-gb']],
  ['Germany to the UK after the renewal ends has no basis without clauses', { from: 'DE', to: 'GB', date: '2031-12-28' }, 'no_valid_basis', []],
  ['France to Brazil is adequate from 26 January 2026', { from: 'FR', to: 'BR', date: '2026-01-26' }, 'adequate', ['adequacy-br']],
  ['France to Brazil the day before has no basis without a mechanism', { from: 'FR', to: 'BR', date: '2026-01-25' }, 'no_valid_basis', []],
  ['France to Brazil the day before rests on the 2021 clauses', { from: 'FR', to: 'BR', date: '2026-01-25', mechanism: 'scc-2021' }, 'safeguarded', ['scc-2021']],
  ['France to Canada is adequate, for commercial organisations', { from: 'FR', to: 'CA', date: '2024-05-01' }, 'adequate', ['adequacy-ca']],
  ['France to Japan is adequate from 23 January 2019', { from: 'FR', to: 'JP', date: '2019-01-23' }, 'adequate', ['adequacy-jp']],
  ['France to Japan on 22 January 2019 has no basis alone', { from: 'FR', to: 'JP', date: '2019-01-22' }, 'no_valid_basis', []],
  ['France to Korea is adequate from 17 December 2021', { from: 'FR', to: 'KR', date: '2021-12-17' }, 'adequate', ['adequacy-kr']],
  ['France to the US under Privacy Shield in 2019 was adequate', { from: 'FR', to: 'US', date: '2019-06-01', mechanism: 'privacy-shield' }, 'adequate', ['privacy-shield']],
  ['France to the US under Privacy Shield on 15 July 2020 was adequate', { from: 'FR', to: 'US', date: '2020-07-15', mechanism: 'privacy-shield' }, 'adequate', ['privacy-shield']],
  ['France to the US under Privacy Shield from 16 July 2020 has no valid basis', { from: 'FR', to: 'US', date: '2020-07-16', mechanism: 'privacy-shield' }, 'no_valid_basis', ['privacy-shield']],
  ['France to the US under Privacy Shield today has no valid basis', { from: 'FR', to: 'US', date: '2026-11-23', mechanism: 'privacy-shield' }, 'no_valid_basis', ['privacy-shield']],
  ['France to the US under Privacy Shield before it started has no valid basis', { from: 'FR', to: 'US', date: '2016-07-31', mechanism: 'privacy-shield' }, 'no_valid_basis', ['privacy-shield']],
  ['France to the US under Safe Harbour on 5 October 2015 was adequate', { from: 'FR', to: 'US', date: '2015-10-05', mechanism: 'safe-harbour' }, 'adequate', ['safe-harbour']],
  ['France to the US under Safe Harbour from 6 October 2015 has no valid basis', { from: 'FR', to: 'US', date: '2015-10-06', mechanism: 'safe-harbour' }, 'no_valid_basis', ['safe-harbour']],
  ['Safe Harbour never covered India', { from: 'FR', to: 'IN', date: '2010-01-01', mechanism: 'safe-harbour' }, 'no_valid_basis', ['safe-harbour']],
  ['France to a DPF-certified US importer is adequate from 10 July 2023', { from: 'FR', to: 'US', date: '2023-07-10', mechanism: 'dpf', dpfCertified: true }, 'adequate', ['adequacy-us-dpf']],
  ['France to a DPF-certified US importer on 9 July 2023 has no basis', { from: 'FR', to: 'US', date: '2023-07-09', mechanism: 'dpf', dpfCertified: true }, 'no_valid_basis', []],
  ['France to an uncertified US importer relying on DPF has no basis', { from: 'FR', to: 'US', date: '2025-01-01', mechanism: 'dpf' }, 'no_valid_basis', []],
  ['DPF does not cover India', { from: 'FR', to: 'IN', date: '2025-01-01', mechanism: 'dpf', dpfCertified: true }, 'no_valid_basis', []],
  ['France to an uncertified US importer on the 2021 clauses is safeguarded', { from: 'FR', to: 'US', date: '2025-01-01', mechanism: 'scc-2021' }, 'safeguarded', ['scc-2021']],
  ['the 2021 clauses before 27 June 2021 were not yet in force', { from: 'FR', to: 'US', date: '2021-06-26', mechanism: 'scc-2021' }, 'no_valid_basis', ['scc-2021']],
  ['the 2010 clauses on 26 December 2022 still held', { from: 'FR', to: 'IN', date: '2022-12-26', mechanism: 'scc-2010' }, 'safeguarded', ['scc-2010']],
  ['binding corporate rules safeguard a transfer to India', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'bcr' }, 'safeguarded', ['bcr']],
  ['an Art 49 derogation is a derogation, not a safeguard', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'derogation' }, 'derogation', ['derogation']],
  ['no mechanism to India is no valid basis', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'none' }, 'no_valid_basis', []],
  ['claiming adequacy for India is no valid basis', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'adequacy' }, 'no_valid_basis', []],
];

/**
 * Hand-checked cases for the regimes as they were (issue 10 §4), each on one side of a date the
 * source named in its comment sets. Exporters outside the EEA are assessed under their own regime.
 */
const REGIME_CASES: Array<[string, Record<string, unknown>, TransferStatus, string[]]> = [
  // Directive 95/46/EC Art 1(2): no restriction on flows between Member States before 25 May 2018.
  ['France to Germany in 2015 is free under the Directive', { from: 'FR', to: 'DE', date: '2015-01-01' }, 'intra_eea', ['eea']],
  // Treaty of Accession of Croatia (OJ L 112, 24.4.2012): a Member State from 1 July 2013.
  ['France to Croatia on 30 June 2013 is a third-country transfer under the Directive', { from: 'FR', to: 'HR', date: '2013-06-30', mechanism: 'none' }, 'no_valid_basis', []],
  ['France to Croatia on 1 July 2013 is inside', { from: 'FR', to: 'HR', date: '2013-07-01' }, 'intra_eea', ['eea']],
  // The UK: a Member State until 31 January 2020 (Withdrawal Agreement, OJ L 29, 31.1.2020).
  ['Germany to the UK on 1 June 2019, a Member State', { from: 'DE', to: 'GB', date: '2019-06-01' }, 'intra_eea', ['uk-member-state']],
  // Withdrawal Agreement Arts 126–127: transition period from 1 February to 31 December 2020.
  ['Germany to the UK on 1 June 2020, in the transition period', { from: 'DE', to: 'GB', date: '2020-06-01' }, 'intra_eea', ['uk-transition']],
  // EU-UK Trade and Cooperation Agreement Art FINPROV.10A: the bridge until the adequacy decisions.
  ['Germany to the UK on 1 March 2021, under the TCA bridge', { from: 'DE', to: 'GB', date: '2021-03-01' }, 'intra_eea', ['uk-tca-bridge']],
  // Implementing Decision (EU) 2021/1772 of 28 June 2021.
  ['Germany to the UK on 1 July 2021, on the adequacy decision', { from: 'DE', to: 'GB', date: '2021-07-01' }, 'adequate', ['adequacy-gb']],
  // TFEU Arts 349 and 355(1): Réunion is an outermost region, EU territory.
  ['France to Réunion is inside', { from: 'FR', to: 'RE', date: '2024-01-01' }, 'intra_eea', ['eu-outermost-region']],
  // TFEU Art 355(4): the Treaties apply to the Åland Islands.
  ['Germany to the Åland Islands is inside', { from: 'DE', to: 'AX', date: '2024-01-01' }, 'intra_eea', ['eu-aland']],
  // TFEU Art 355(2) and Annex II: Greenland is an overseas country and territory, not EU territory.
  ['Denmark to Greenland is a third-country transfer', { from: 'DK', to: 'GL', date: '2024-01-01', mechanism: 'none' }, 'no_valid_basis', []],
  // European Council Decision 2012/419/EU: Mayotte an outermost region from 1 January 2014.
  ['France to Mayotte on 31 December 2013 is a third-country transfer', { from: 'FR', to: 'YT', date: '2013-12-31', mechanism: 'none' }, 'no_valid_basis', []],
  ['France to Mayotte on 1 January 2014 is inside', { from: 'FR', to: 'YT', date: '2014-01-01' }, 'intra_eea', ['eu-outermost-region']],
  // European Council Decision 2010/718/EU: Saint-Barthélemy an overseas country and territory from 1 January 2012.
  ['France to Saint-Barthélemy on 31 December 2011 is inside', { from: 'FR', to: 'BL', date: '2011-12-31' }, 'intra_eea', ['eu-outermost-region']],
  ['France to Saint-Barthélemy on 1 January 2012 is a third-country transfer', { from: 'FR', to: 'BL', date: '2012-01-01', mechanism: 'none' }, 'no_valid_basis', []],
  // Decision 2010/87/EU Art 7: applies from 15 May 2010.
  ['the 2010 clauses on 14 May 2010 did not apply yet', { from: 'FR', to: 'IN', date: '2010-05-14', mechanism: 'scc-2010' }, 'no_valid_basis', ['scc-2010']],
  ['the 2010 clauses on 15 May 2010 applied', { from: 'FR', to: 'IN', date: '2010-05-15', mechanism: 'scc-2010' }, 'safeguarded', ['scc-2010']],
  // Implementing Decision (EU) 2021/914 Art 4(4): old clauses held until 27 December 2022, that day included.
  ['the 2010 clauses on 27 December 2022 still held', { from: 'FR', to: 'IN', date: '2022-12-27', mechanism: 'scc-2010' }, 'safeguarded', ['scc-2010']],
  ['the 2010 clauses from 28 December 2022 are void', { from: 'FR', to: 'IN', date: '2022-12-28', mechanism: 'scc-2010' }, 'no_valid_basis', ['scc-2010']],
  // Decision 2001/497/EC Art 6: applies from 3 September 2001.
  ['the 2001 clauses on 2 September 2001 did not apply yet', { from: 'FR', to: 'IN', date: '2001-09-02', mechanism: 'scc-2001' }, 'no_valid_basis', ['scc-2001']],
  ['the 2001 clauses on 3 September 2001 applied', { from: 'FR', to: 'IN', date: '2001-09-03', mechanism: 'scc-2001' }, 'safeguarded', ['scc-2001']],
  // Directive 95/46/EC Art 26(2): binding corporate rules authorised by a national authority.
  ['binding corporate rules under the Directive', { from: 'DE', to: 'IN', date: '2015-01-01', mechanism: 'bcr' }, 'safeguarded', ['bcr-directive']],
  // Federal Council, 14 August 2024: the Swiss-US DPF in Annex 1 DPO from 15 September 2024.
  ['Switzerland to a DPF-certified US importer on 14 September 2024 has no basis', { from: 'CH', to: 'US', date: '2024-09-14', mechanism: 'dpf', dpfCertified: true }, 'no_valid_basis', []],
  ['Switzerland to a DPF-certified US importer on 15 September 2024 is adequate', { from: 'CH', to: 'US', date: '2024-09-15', mechanism: 'dpf', dpfCertified: true }, 'adequate', ['ch-adequacy-us-dpf']],
  // Annex 1 DPO: the EEA States are on the Swiss list, Japan is not.
  ['Switzerland to France is adequate on the Swiss list', { from: 'CH', to: 'FR', date: '2024-01-01' }, 'adequate', ['ch-adequacy-list']],
  ['Switzerland to Japan has no Swiss adequacy', { from: 'CH', to: 'JP', date: '2024-01-01', mechanism: 'none' }, 'no_valid_basis', []],
  ['Switzerland to Switzerland is domestic', { from: 'CH', to: 'CH', date: '2024-01-01' }, 'domestic', ['ch-domestic']],
  // FDPIC, 27 August 2021: the old EU clauses until 31 December 2022 for contracts before 27 September 2021.
  ['Switzerland on the 2010 clauses on 31 December 2022 still held', { from: 'CH', to: 'IN', date: '2022-12-31', mechanism: 'scc-2010' }, 'safeguarded', ['ch-legacy-scc']],
  ['Switzerland on the 2010 clauses on 1 January 2023 has no basis', { from: 'CH', to: 'IN', date: '2023-01-01', mechanism: 'scc-2010' }, 'no_valid_basis', ['ch-legacy-scc']],
  // The Data Protection (Adequacy) (United States of America) Regulations 2023: UK Extension from 12 October 2023.
  ['the UK to a certified US importer on 11 October 2023 has no basis', { from: 'GB', to: 'US', date: '2023-10-11', mechanism: 'dpf', dpfCertified: true }, 'no_valid_basis', []],
  ['the UK to a certified US importer on 12 October 2023 is adequate', { from: 'GB', to: 'US', date: '2023-10-12', mechanism: 'dpf', dpfCertified: true }, 'adequate', ['uk-adequacy-us-dpf']],
  // The Data Protection (Adequacy) (Republic of Korea) Regulations 2022: from 19 December 2022.
  ['the UK to Korea on 18 December 2022 has no adequacy', { from: 'GB', to: 'KR', date: '2022-12-18', mechanism: 'none' }, 'no_valid_basis', []],
  ['the UK to Korea on 19 December 2022 is adequate', { from: 'GB', to: 'KR', date: '2022-12-19' }, 'adequate', ['uk-adequacy-kr']],
  // DPA 2018 Sch 21 paras 4–5: the EEA States and the EU-adequate countries stay adequate for UK exporters.
  ['the UK to France in 2022 is adequate under Schedule 21', { from: 'GB', to: 'FR', date: '2022-01-01' }, 'adequate', ['uk-adequacy-eea']],
  ['the UK to the UK in 2022 is domestic', { from: 'GB', to: 'GB', date: '2022-01-01' }, 'domestic', ['uk-domestic']],
  // A UK exporter before 1 January 2021 was an EU exporter (Withdrawal Agreement Art 127).
  ['the UK to France in 2020 is inside: the exporter was under EU rules', { from: 'GB', to: 'FR', date: '2020-06-01' }, 'intra_eea', ['eea']],
  // s 119A DPA 2018: the IDTA and the Addendum in force on 21 March 2022.
  ['the UK on the 2021 EU clauses on 20 March 2022 has no basis', { from: 'GB', to: 'IN', date: '2022-03-20', mechanism: 'scc-2021' }, 'no_valid_basis', ['uk-addendum']],
  ['the UK on the 2021 EU clauses with the Addendum on 21 March 2022', { from: 'GB', to: 'IN', date: '2022-03-21', mechanism: 'scc-2021' }, 'safeguarded', ['uk-addendum']],
  ['the UK on the IDTA on 21 March 2022', { from: 'GB', to: 'IN', date: '2022-03-21', mechanism: 'uk-idta' }, 'safeguarded', ['uk-idta']],
  // UK transitional provisions (s 119A): the old EU clauses until 21 March 2024.
  ['the UK on the 2010 clauses on 20 March 2024 still held', { from: 'GB', to: 'IN', date: '2024-03-20', mechanism: 'scc-2010' }, 'safeguarded', ['uk-legacy-scc']],
  ['the UK on the 2010 clauses on 21 March 2024 has no basis', { from: 'GB', to: 'IN', date: '2024-03-21', mechanism: 'scc-2010' }, 'no_valid_basis', ['uk-legacy-scc']],
  // GDPR Art 3(2): an exporter outside the EEA, assessed under EU rules when asked for.
  ['a US exporter under the EU regime on the 2021 clauses', { from: 'US', to: 'IN', date: '2025-01-01', mechanism: 'scc-2021', regime: 'eu' }, 'safeguarded', ['scc-2021']],
  // Commission adequacy decision for the European Patent Organisation of 15 July 2025.
  ['France to the European Patent Organisation on 14 July 2025 has no basis alone', { from: 'FR', to: 'IO-EPO', date: '2025-07-14', mechanism: 'none' }, 'no_valid_basis', []],
  ['France to the European Patent Organisation on 15 July 2025 is adequate', { from: 'FR', to: 'IO-EPO', date: '2025-07-15' }, 'adequate', ['adequacy-epo']],
];

describe('transfer engine', () => {
  for (const [name, raw, status, rules] of [...CASES, ...REGIME_CASES]) {
    it(name, () => {
      const result = assessTransfer(parseFlow(raw));
      assert.equal(result.status, status, result.reasons.join(' '));
      assert.deepEqual(result.rules, rules);
      assert.ok(result.reasons.length > 0, 'every status gives a reason');
    });
  }

  it('warns to keep standard clauses as a fallback for a DPF transfer', () => {
    const r = assessTransfer(parseFlow({ from: 'FR', to: 'US', date: '2025-01-01', mechanism: 'dpf', dpfCertified: true }));
    assert.match(r.warnings.join(' '), /standard contractual clauses ready as a fallback/);
  });

  it('refuses an exporter outside the EEA, Switzerland and the UK unless the EU regime is asked for, then warns', () => {
    assert.throws(() => parseFlow({ from: 'US', to: 'IN', date: '2025-01-01', mechanism: 'scc-2021' }), (e: unknown) => {
      assert.deepEqual(fields(e), ['from']);
      assert.match((e as AppError).message, /^from: US is outside the EEA, Switzerland and the United Kingdom on 2025-01-01: set regime to eu/);
      return true;
    });
    assert.throws(() => assessTransfer({ from: 'US', to: 'IN', date: '2025-01-01', mechanism: null, dpfCertified: false }), (e: unknown) => fields(e)[0] === 'from');
    const r = assessTransfer(parseFlow({ from: 'US', to: 'IN', date: '2025-01-01', mechanism: 'scc-2021', regime: 'eu' }));
    assert.equal(r.regime, 'eu');
    assert.match(r.warnings.join(' '), /US is not in the EEA on 2025-01-01: assessed under EU rules, which apply to this exporter only if the GDPR covers its processing \(Art 3\(2\)\)/);
  });

  it('assesses Swiss and UK exporters under their own regime, never as inside the EEA', () => {
    for (const [from, regime] of [['CH', 'ch'], ['GB', 'uk']] as const) {
      const r = assessTransfer(parseFlow({ from, to: 'DE', date: '2025-01-01' }));
      assert.deepEqual([r.status, r.regime], ['adequate', regime]);
    }
    const eu = assessTransfer(parseFlow({ from: 'CH', to: 'DE', date: '2025-01-01', regime: 'eu' }));
    assert.deepEqual([eu.status, eu.regime], ['intra_eea', 'eu']);
    assert.match(eu.warnings.join(' '), /CH is not in the EEA/);
  });

  it('refuses a regime that is not the exporter\'s own, and dates the rule data does not cover', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: 'CH', to: 'US', date: '2025-01-01', regime: 'uk' }, 'regime: uk applies to exporters in the United Kingdom (GB) from 1 January 2021'],
      [{ from: 'GB', to: 'US', date: '2020-06-01', regime: 'uk' }, 'regime: uk applies to exporters in the United Kingdom (GB) from 1 January 2021'],
      [{ from: 'FR', to: 'US', date: '2025-01-01', regime: 'ch' }, 'regime: ch applies to exporters in Switzerland (CH)'],
      [{ from: 'FR', to: 'US', date: '1990-01-01' }, 'date: EU/EEA rules are modelled from 1995-10-24'],
      [{ from: 'FR', to: 'US', date: '2025-01-01', regime: 'us' }, 'regime: must be one of eu, uk, ch'],
    ];
    for (const [raw, message] of cases) assert.throws(() => parseFlow(raw), (e: unknown) => (e as AppError).message === message);
  });

  it('warns about the scope of the UK, Korea and Israel decisions', () => {
    const w = (to: string) => assessTransfer(parseFlow({ from: 'FR', to, date: '2025-01-01' })).warnings.join(' ');
    assert.match(w('GB'), /immigration control .*2021\/1772, Art 1\(2\)/);
    assert.match(w('KR'), /missionary activities .*Credit Information Act/);
    assert.match(w('IL'), /automated international transfers/);
  });

  it('warns on the Art 4(4) conditions when the 2010 clauses are used after 27 September 2021, not before', () => {
    const w = (date: string) => assessTransfer(parseFlow({ from: 'FR', to: 'IN', date, mechanism: 'scc-2010' })).warnings.join(' ');
    assert.doesNotMatch(w('2021-09-26'), /Art 4\(4\)/);
    assert.match(w('2021-09-27'), /2021\/914 Art 4\(4\).*contracts concluded before 27 September 2021 whose processing is unchanged/);
  });

  it('names the instrument that puts the UK inside, and Greenland outside', () => {
    const r = (to: string, date: string) => assessTransfer(parseFlow({ from: 'DE', to, date, mechanism: 'none' }));
    assert.match(r('GB', '2021-03-01').reasons.join(' '), /Art FINPROV\.10A/);
    assert.match(r('GB', '2020-06-01').reasons.join(' '), /Arts 126–127/);
    assert.match(r('GL', '2024-01-01').reasons.join(' '), /overseas country or territory/);
    assert.match(r('DE', '2015-01-01').reasons.join(' '), /Directive 95\/46\/EC, Art 1\(2\)/);
  });

  it('gives every assessment a neutral sentence for customers, never a judgement', () => {
    const fact = (raw: Record<string, unknown>) => assessTransfer(parseFlow({ from: 'FR', date: '2025-01-01', ...raw })).customerFact;
    assert.equal(fact({ to: 'DE' }), 'Inside the EEA');
    assert.equal(fact({ to: 'GB' }), 'Adequacy decision (Implementing Decision (EU) 2021/1772)');
    assert.equal(fact({ to: 'US', mechanism: 'dpf', dpfCertified: true }), 'Adequacy decision (EU-US Data Privacy Framework)');
    assert.equal(fact({ to: 'IN', mechanism: 'scc-2021' }), 'Standard contractual clauses (2021)');
    assert.equal(fact({ to: 'IN' }), 'Transfer mechanism: none recorded');
    assert.equal(fact({ to: 'US', mechanism: 'privacy-shield' }), 'Transfer mechanism: EU-US Privacy Shield');
    assert.equal(fact({ to: 'GB', date: '2021-03-01' }), 'Treated as inside the EEA (EU-UK Trade and Cooperation Agreement, Art FINPROV.10A)');
    assert.equal(assessTransfer(parseFlow({ from: 'CH', to: 'CH', date: '2025-01-01' })).customerFact, 'Inside Switzerland');
    for (const [, raw] of [...CASES, ...REGIME_CASES]) {
      const f = assessTransfer(parseFlow(raw)).customerFact;
      assert.ok(f.length > 0);
      assert.doesNotMatch(f, /valid|basis|TIA|impact assessment|should|must|need/i, f);
    }
  });

  it('accepts the European Patent Organisation as a destination, with a code no country can have', () => {
    assert.equal(parseFlow({ from: 'FR', to: 'io-epo', date: '2025-07-15' }).to, 'IO-EPO');
    assert.throws(() => parseFlow({ from: 'IO-EPO', to: 'FR', date: '2025-07-15' }), (e: unknown) => fields(e)[0] === 'from');
  });

  it('names every bad field of a flow', () => {
    assert.throws(() => parseFlow({ from: 'XX', date: '2025-02-30', mechanism: 'magic', regime: 'mars' }), (e: unknown) => {
      assert.deepEqual(fields(e), ['from', 'to', 'date', 'mechanism', 'regime']);
      return true;
    });
  });
});
