import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { assessTransfer, parseFlow, type TransferStatus } from './assess-transfer.ts';

/**
 * Hand-checked cases: each date sits on one side of a decision's start or end, counted from the
 * dates in rules/transfer-rules.yaml (which cite their instruments).
 */
const CASES: Array<[string, Record<string, unknown>, TransferStatus, string[]]> = [
  ['France to Germany stays inside the EEA', { from: 'FR', to: 'DE', date: '2024-01-01' }, 'intra_eea', ['eea']],
  ['France to Norway is inside the EEA once the GDPR applies there', { from: 'FR', to: 'NO', date: '2018-07-20' }, 'intra_eea', ['eea']],
  ['France to Norway the day before the EEA incorporation needs a basis', { from: 'FR', to: 'NO', date: '2018-07-19', mechanism: 'none' }, 'no_valid_basis', []],
  ['France to Iceland is inside the EEA', { from: 'FR', to: 'IS', date: '2025-03-01' }, 'intra_eea', ['eea']],
  ['France to Switzerland is adequate', { from: 'FR', to: 'CH', date: '2024-01-01' }, 'adequate', ['adequacy-ch']],
  ['Germany to the UK is adequate from 28 June 2021', { from: 'DE', to: 'GB', date: '2021-06-28' }, 'adequate', ['adequacy-gb']],
  ['Germany to the UK on 27 June 2021 rests on its clauses', { from: 'DE', to: 'GB', date: '2021-06-27', mechanism: 'scc-2021' }, 'safeguarded', ['scc-2021']],
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
  ['the 2010 clauses from 27 December 2022 are void', { from: 'FR', to: 'IN', date: '2022-12-27', mechanism: 'scc-2010' }, 'no_valid_basis', ['scc-2010']],
  ['binding corporate rules safeguard a transfer to India', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'bcr' }, 'safeguarded', ['bcr']],
  ['an Art 49 derogation is a derogation, not a safeguard', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'derogation' }, 'derogation', ['derogation']],
  ['no mechanism to India is no valid basis', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'none' }, 'no_valid_basis', []],
  ['claiming adequacy for India is no valid basis', { from: 'DE', to: 'IN', date: '2024-01-01', mechanism: 'adequacy' }, 'no_valid_basis', []],
];

describe('transfer engine', () => {
  for (const [name, raw, status, rules] of CASES) {
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

  it('warns that an exporter outside the EEA is assessed under EU rules only', () => {
    const r = assessTransfer(parseFlow({ from: 'US', to: 'IN', date: '2025-01-01', mechanism: 'scc-2021' }));
    assert.match(r.warnings.join(' '), /US is not in the EEA/);
  });

  it('names every bad field of a flow', () => {
    assert.throws(() => parseFlow({ from: 'XX', date: '2025-02-30', mechanism: 'magic' }), (e: unknown) => {
      assert.deepEqual(((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field), ['from', 'to', 'date', 'mechanism']);
      return true;
    });
  });
});
