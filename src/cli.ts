#!/usr/bin/env node
// Arguments and exit codes only; the work is in src/engine, the output in src/report.
// Heavy modules are imported after the arguments are read, so --version and --help start fast.
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from './version.js';

const EXIT_USAGE = 2;

function list(value: string, previous: string[] = []): string[] {
  return previous.concat(value.split(',').map((s) => s.trim()).filter(Boolean));
}

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!process.stdout.isTTY;
}

function program(): Command {
  const p = new Command('guardfix')
    .description('Find where a fleet of containerized Python services drifts from production patterns, and fix it as a reviewable patch.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files or folders to check', ['.'])
    .option('--dry-run', 'show findings and the diff of every fix; write nothing (default)')
    .option('--write', 'apply safe fixes')
    .option('--unsafe', 'also apply (or, in a dry run, show) unsafe fixes')
    .option('-i, --interactive', 'show each fix with its diff and apply the ones you accept (needs a terminal; unsafe fixes are offered too, marked)')
    .option('--patch <file>', 'also write the whole change as one git patch to <file> ("-": stdout, the report goes to stderr); a dry run writes nothing else')
    .option('--allow-dirty', 'let --write and --interactive change files with uncommitted changes (staged, unstaged or untracked)')
    .option('--only <ids>', 'run only these rules (comma-separated)', list)
    .option('--skip <ids>', 'skip these rules (comma-separated)', list)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'markdown']).default('text'))
    .option('-c, --config <file>', 'configuration file (default: guardfix.config.json/.yaml or package.json "guardfix", searched upwards)')
    .option('--reference <dir>', 'learn the production profile from this reference service')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .option('-q, --quiet', 'print only errors and the summary')
    .option('--online', 'allow network checks (terraform-backend: the S3 bucket exists)')
    .option('--s3-endpoint <url>', 'S3 endpoint for --online (default: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL)')
    .addHelpText(
      'after',
      `
Commands:
  guardfix rules [--format json]   list every rule: id, severity, whether it fixes
  guardfix explain <rule>          print a rule's documentation

Examples:
  guardfix --dry-run services/      findings and the diff of every fix
  guardfix -i                       review fix by fix: y yes, n no, f rest of this file, a all, q quit
  guardfix --patch fix.patch        save the change for \`git apply\`; nothing else is written
  guardfix --write --only python-version

In a git repository, --write and --interactive leave alone a file with uncommitted changes
(staged, unstaged, untracked or ignored) and name it; --allow-dirty lifts that.

Exit codes: 0 nothing to fix or report, 1 findings remain (in a dry run: pending fixes count),
2 usage, configuration or internal error.`,
    );
  p.exitOverride();
  p.showHelpAfterError('(run `guardfix --help` for usage)');
  p.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  return p;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'rules') return (await import('./commands/rules.js')).rules(rest);
  if (first === 'explain') return (await import('./commands/rules.js')).explain(rest);

  const p = program();
  try {
    p.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    throw e;
  }
  const o = p.opts();
  const conflict =
    o.write && o.dryRun
      ? '--write and --dry-run cannot be used together'
      : o.interactive && o.dryRun
        ? '--interactive and --dry-run cannot be used together (--interactive writes what you accept)'
        : o.interactive && o.format !== 'text'
          ? '--interactive shows text; it cannot be used with --format ' + o.format
          : o.patch === '-' && (o.interactive || o.format !== 'text')
            ? '--patch - takes stdout, which --interactive and --format ' + o.format + ' need; give --patch a file name'
            : undefined;
  if (conflict) {
    process.stderr.write(`guardfix: ${conflict}\n`);
    return EXIT_USAGE;
  }
  const { check } = await import('./commands/check.js');
  return check(p.args.length ? p.args : ['.'], {
    write: !!o.write,
    unsafe: !!o.unsafe,
    only: o.only,
    skip: o.skip,
    format: o.format,
    color: useColor(o.color),
    quiet: !!o.quiet,
    online: !!o.online,
    s3Endpoint: o.s3Endpoint,
    config: o.config,
    reference: o.reference,
    interactive: !!o.interactive,
    patch: o.patch,
    allowDirty: !!o.allowDirty,
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`guardfix: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
