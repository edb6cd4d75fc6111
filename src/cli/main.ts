/**
 * The `trustroom` command: argument parsing only; each command calls the same use-cases as the
 * HTTP API. Exit codes: 0 ok, 1 failure, 2 bad input or configuration.
 */
import { Command, CommanderError } from 'commander';
import { isAppError } from '../shared/errors.ts';
import { auditCheckpointCommand, auditHeadCommand } from './commands/audit-head.ts';
import { auditVerifyCommand } from './commands/audit-verify.ts';
import type { ChangesDatesOptions } from './commands/changes-dates.ts';
import { exportCommand } from './commands/export.ts';
import { jobsRunCommand, jobsStatusCommand } from './commands/jobs.ts';
import { migrateCommand } from './commands/migrate.ts';
import { recordsExportCommand } from './commands/records-export.ts';
import { serveCommand } from './commands/serve.ts';
import { transfersAssessCommand } from './commands/transfers-assess.ts';
import { userCreateCommand } from './commands/user-create.ts';
import { userLinkCommand } from './commands/user-link.ts';
import { workspaceCreateCommand } from './commands/workspace-create.ts';

export function buildCli(): Command {
  const program = new Command('trustroom').description('Privacy operations for GDPR processors').exitOverride();
  program.command('serve').description('run the web server (migrates first)').option('--demo', 'load the example workspaces built from public documents').action(serveCommand);
  program.command('migrate').description('bring the database schema up to date').action(migrateCommand);
  program.command('export').description("print a workspace's registry and published versions as JSON")
    .requiredOption('-w, --workspace <slug>', 'workspace slug').option('-o, --output <file>', 'write to a file instead of stdout').action(exportCommand);
  program.command('import').description('import an existing list').command('subprocessors').argument('<file-or-url>', 'markdown, HTML, CSV, or a Trustroom JSON/YAML export')
    .description('read a sub-processor list from a file or web page').option('--dry-run', 'only show what would be imported').option('--json', 'print JSON')
    .option('-w, --workspace <slug>', 'import into this workspace (directly when its registry is empty, else as a draft to review)')
    .option('--allow-private', 'allow URLs on loopback or private networks').option('--format <format>', 'markdown, html, csv, json or yaml (default: detected)')
    .option('--timeout <seconds>', 'time limit for reading a URL, redirects included (default 10); a list cut off by it is an error')
    // Loaded on use: the import's rule data takes a few hundred milliseconds to read.
    .action(async (source: string, opts: object) => (await import('./commands/import-subprocessors.ts')).importSubprocessorsCommand(source, opts));
  const audit = program.command('audit').description('audit log');
  audit.command('verify').description('recompute every hash chain, check it against the signed checkpoints, and report the first problem').option('-w, --workspace <slug>', 'only this workspace')
    .option('--expect <hash>', 'a head hash a witness kept: it must be the hash of an event of the chain').option('--json', 'print JSON').action(auditVerifyCommand);
  audit.command('head').description("print a workspace's latest signed checkpoint (for witnesses to keep)").requiredOption('-w, --workspace <slug>', 'workspace slug').option('--json', 'print JSON').action(auditHeadCommand);
  audit.command('checkpoint').description('sign the chain head of every workspace (or one) that moved since its last checkpoint, now').option('-w, --workspace <slug>', 'only this workspace').option('--json', 'print JSON').action(auditCheckpointCommand);
  const user = program.command('user').description('people who sign in');
  user.command('create').description('create a user and print a one-time sign-in link')
    .requiredOption('--email <email>', 'e-mail address').option('--name <name>', 'display name')
    .option('-w, --workspace <slug>', 'add to this workspace').option('--role <role>', 'role in the workspace: owner, admin, editor, viewer', 'editor')
    .option('--instance-admin', 'may create workspaces').action(userCreateCommand);
  user.command('link').description('print a new one-time sign-in link for an existing user (lost password)')
    .requiredOption('--email <email>', 'e-mail address').action(userLinkCommand);
  const jobs = program.command('jobs').description('scheduled work: notices, change dates, e-mail, webhooks');
  jobs.command('status').description('count jobs by kind and status').option('--json', 'print JSON').action(jobsStatusCommand);
  jobs.command('run').description('run every job due now, then exit (for cron, with TRUSTROOM_WORKER=0 on the servers)').action(jobsRunCommand);
  program.command('transfers').description('lawful transfers (GDPR Chapter V)').command('assess').description('assess one transfer as the rules stood on a date')
    .option('--from <country>', 'exporter country, ISO 3166-1 alpha-2 (CH and GB: Swiss and UK rules)').option('--to <destination>', 'destination country, or IO-EPO (European Patent Organisation)').option('--date <YYYY-MM-DD>', 'date of the transfer')
    .option('--mechanism <name>', 'adequacy, scc-2021, scc-2010, scc-2004, scc-2002, scc-2001, uk-idta, uk-addendum, privacy-shield, safe-harbour, dpf, bcr, derogation or none').option('--dpf-certified', 'the importer is certified under the Data Privacy Framework')
    .option('--regime <regime>', "eu, uk or ch (default: the exporter's own; eu for an exporter outside the EEA under GDPR Art 3(2))")
    .option('--json', 'print JSON').action(transfersAssessCommand);
  program.command('changes').description('sub-processor changes').command('dates').description("a customer's dates for a change announced at an instant (Regulation 1182/71)")
    .option('--announced-at <instant>', 'ISO 8601 instant of the announcement, e.g. 2026-01-31T23:30:00Z').option('--time-zone <zone>', "the customer's IANA time zone, e.g. Europe/Paris")
    .option('--notice <period>', 'notice period: <N>d, <N>w or <N>m').option('--proposed-date <YYYY-MM-DD>', 'the date the change is proposed for')
    .option('--country <code>', 'ISO 3166-1 country or 3166-2 subdivision whose public holidays count (default: weekends only)')
    // Loaded on use, like import: the holiday data takes a moment to read.
    .option('--json', 'print JSON').action(async (opts: ChangesDatesOptions) => (await import('./commands/changes-dates.ts')).changesDatesCommand(opts));
  const requests = program.command('requests').description('data-subject requests');
  requests.command('deadline').description("a request's deadlines per regime, counted on the period engine")
    .option('--regime <regime>', 'gdpr, uk-gdpr, ccpa, lgpd, fadp or pipeda').option('--received <instant>', 'ISO 8601 instant of receipt, e.g. 2027-01-31T10:00:00Z')
    .option('--time-zone <zone>', "the controller's IANA time zone, e.g. Europe/Paris").option('--country <code>', 'ISO 3166-1 country or 3166-2 subdivision whose public holidays count, e.g. FR, DE-BY, GB-ENG, US-CA')
    .option('--pause <from/to>', 'waiting for identity or clarification between two instants (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--ledger', 'with --json: add the ledger').option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/requests-deadline.ts')).requestsDeadlineCommand(opts));
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  // Loaded on use: the database drivers and rule data are only needed here.
  requests.command('access').description("print every annotated field of the rows reached from a person's identity (Fides datasets)")
    .option('--dataset <file>', 'Fides dataset YAML (repeat for datasets referencing each other)', collect).option('--connection <url>', 'postgres://…, mysql://…, mariadb://…, sqlite:<path>, http:<connection file>, env:<VARIABLE> or secret:<NAME> (default: TRUSTROOM_REQUESTS_CONNECTION)')
    .option('--identity <type=value>', 'e.g. email=<address> (repeatable)', collect).option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/requests-access.ts')).requestsAccessCommand(opts));
  requests.command('erase').description("mask by data category the fields of the rows reached from a person's identity, in one transaction")
    .option('--dataset <file>', 'Fides dataset YAML (repeat for datasets referencing each other)', collect).option('--connection <url>', 'postgres://…, mysql://…, mariadb://…, sqlite:<path>, http:<connection file>, env:<VARIABLE> or secret:<NAME> (default: TRUSTROOM_REQUESTS_CONNECTION)')
    .option('--identity <type=value>', 'e.g. email=<address> (repeatable)', collect).option('--dry-run', 'count what would be erased without writing').option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/requests-erase.ts')).requestsEraseCommand(opts));
  requests.command('list').description("a workspace's requests by the deadline that counts, with what is at risk (no personal data printed)")
    .option('-w, --workspace <slug>', 'workspace slug').option('--state <state>', 'open (default), closed or all').option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/requests-list.ts')).requestsListCommand(opts));
  requests.command('show').description('one request by its reference: deadlines with their ledger, and its timeline')
    .option('-w, --workspace <slug>', 'workspace slug').option('--reference <R-…>', "the request's reference").option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/requests-list.ts')).requestsShowCommand(opts));
  program.command('incidents').description('incidents and personal-data breaches (GDPR Art 33, 34)').command('obligations').description("an incident's notices owed: recipient, regime, due instant, state")
    .option('-w, --workspace <slug>', 'workspace slug').option('--incident <id>', "the incident's id").option('--json', 'print JSON')
    .action(async (opts: object) => (await import('./commands/incidents-obligations.ts')).incidentsObligationsCommand(opts));
  program.command('records').description('records of processing (GDPR Art 30)').command('export').description('write the processor record (one customer or all) or the controller record')
    .option('-w, --workspace <slug>', 'workspace slug').option('--kind <kind>', 'processor (Art 30(2)) or controller (Art 30(1))')
    .option('--customer <id>', 'processor record of this customer only (default: every customer)').option('--format <format>', 'csv, json, jsonld or pdf')
    .option('-o, --out <file>', 'write to a file instead of stdout').action(recordsExportCommand);
  const workspace = program.command('workspace').description('workspaces');
  workspace.command('create').description('create a workspace').option('--slug <slug>', 'its address part (default: derived from the name, -2 on collision)').requiredOption('--name <name>')
    .option('--group-by <kind|service>', 'public list grouping', 'kind').option('--owner <email>', 'make this user its owner').action(workspaceCreateCommand);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isAppError(e)) {
      process.stderr.write(`trustroom: ${e.message}\n`);
      return e.status === 400 || e.code === 'config_error' ? 2 : 1;
    }
    process.stderr.write(`trustroom: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2));
  // serve keeps running; other commands exit with their code.
  if (code !== 0 || !process.argv.includes('serve')) process.exit(code);
}
