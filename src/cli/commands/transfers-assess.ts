import { assessTransfer, parseFlow } from '../../modules/transfers/assess-transfer.ts';
import { destinationName, isOrganisationCode } from '../../modules/transfers/transfer-rules.ts';

/**
 * Prints the assessment of one transfer under its exporter's regime; exit 0 whatever the status,
 * 2 for bad input (including an exporter outside the EEA, Switzerland and the UK without --regime eu).
 */
export function transfersAssessCommand(opts: { from?: string; to?: string; date?: string; mechanism?: string; dpfCertified?: boolean; regime?: string; json?: boolean }) {
  const flow = parseFlow({ from: opts.from, to: opts.to, date: opts.date, mechanism: opts.mechanism, dpfCertified: opts.dpfCertified ?? false, regime: opts.regime });
  const result = assessTransfer(flow);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`${flow.from} → ${isOrganisationCode(flow.to) ? `${flow.to} (${destinationName(flow.to)})` : flow.to} on ${flow.date}${flow.mechanism ? ` (${flow.mechanism})` : ''}, ${result.regime} rules: ${result.status}\n`);
  process.stdout.write(`  for customers: ${result.customerFact}\n`);
  for (const r of result.reasons) process.stdout.write(`  reason: ${r}\n`);
  for (const w of result.warnings) process.stdout.write(`  warning: ${w}\n`);
  if (result.rules.length) process.stdout.write(`  rules: ${result.rules.join(', ')}\n`);
}
