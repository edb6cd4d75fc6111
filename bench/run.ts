/**
 * `npm run bench -- <name>`: runs one benchmark and prints its JSON result on stdout.
 * Each benchmark measures Trustroom next to a ceiling measured in the same run, because
 * absolute times drift on shared machines while ratios hold.
 */
const BENCHES: Record<string, () => Promise<unknown>> = {
  'public-list': async () => (await import('./public-list.ts')).benchPublicList(),
  import: async () => (await import('./import.ts')).benchImport(),
  fanout: async () => (await import('./fanout.ts')).benchFanout(),
  'dsr-access': async () => (await import('./dsr-access.ts')).benchDsrAccess(),
};

const name = process.argv[2];
if (!name || !BENCHES[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const result = await BENCHES[name]();
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
