import { assessTransfer, parseFlow } from '../../modules/transfers/assess-transfer.ts';

/** Prints the assessment of one transfer; exit 0 whatever the status, 2 for bad input. */
export function transfersAssessCommand(opts: { from?: string; to?: string; date?: string; mechanism?: string; dpfCertified?: boolean; json?: boolean }) {
  const flow = parseFlow({ from: opts.from, to: opts.to, date: opts.date, mechanism: opts.mechanism, dpfCertified: opts.dpfCertified ?? false });
  const result = assessTransfer(flow);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`${flow.from} → ${flow.to} on ${flow.date}${flow.mechanism ? ` (${flow.mechanism})` : ''}: ${result.status}\n`);
  for (const r of result.reasons) process.stdout.write(`  reason: ${r}\n`);
  for (const w of result.warnings) process.stdout.write(`  warning: ${w}\n`);
  if (result.rules.length) process.stdout.write(`  rules: ${result.rules.join(', ')}\n`);
}
