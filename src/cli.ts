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
    .option('--dry-run', 'show findings and what --write would fix; write nothing (default)')
    .option('--write', 'apply safe fixes')
    .option('--unsafe', 'also apply (or, in a dry run, show) unsafe fixes')
    .option('-i, --interactive', 'show each fix with its diff and apply the ones you accept (needs a terminal; unsafe fixes are offered too, marked)')
    .option('--patch <file>', 'also write the whole change as one git patch to <file> ("-": stdout, the report goes to stderr); a dry run writes nothing else')
    .option('--allow-dirty', 'let --write and --interactive change files with uncommitted changes (staged, unstaged or untracked)')
    .option('--diff', 'also show the diff of every fix --write would make (a dry run)')
    .option('--only <ids>', 'run only these rules or categories (comma-separated; categories: `guardfix rules`)', list)
    .option('--skip <ids>', 'skip these rules or categories (comma-separated)', list)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'markdown']).default('text'))
    .option('--verbose', 'text: every finding\'s whole message and its fix under its line')
    .option('--statistics', 'text: a count per rule and severity (fixable or not) instead of the findings')
    .option('--show-fixes', 'text: the fixes applied (a dry run: to apply), per file')
    .option('--exit-zero', 'exit 0 even when findings remain (errors still exit 2)')
    .option('--baseline <file>', 'report only findings that are not in this baseline (see --write-baseline)')
    .option('--write-baseline <file>', 'write the findings of this run to <file> as a baseline, and exit 0')
    .option('--no-cache', 'check every file afresh; do not read or write the cache (.guardfix_cache/ at the workspace root)')
    .option('--cache-dir <dir>', 'keep the cache in <dir> instead')
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
  guardfix rules [--format json]   list every rule: id, category, severity, whether it fixes
  guardfix explain <rule>          print a rule's documentation

Examples:
  guardfix services/                findings, one line each, grouped by service
  guardfix --diff services/         ... and the diff of every fix --write would make
  guardfix -i                       review fix by fix: y yes, n no, f rest of this file, a all, q quit
  guardfix --patch fix.patch        save the change for \`git apply\`; nothing else is written
  guardfix --write --only dockerfile
  guardfix --format github          annotations for a GitHub Actions job
  guardfix --write-baseline .guardfix-baseline.json   then: guardfix --baseline .guardfix-baseline.json

In a git repository, --write and --interactive leave alone a file with uncommitted changes
(staged, unstaged, untracked or ignored) and name it; --allow-dirty lifts that.

Exit codes: 0 nothing to fix or report (info notes aside), 1 findings remain (in a dry run:
pending fixes count), 2 usage, configuration or internal error, 130 interrupted.`,
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
  const machine = o.format !== 'text';
  const conflict =
    o.write && o.dryRun
      ? '--write and --dry-run cannot be used together'
      : o.interactive && o.dryRun
        ? '--interactive and --dry-run cannot be used together (--interactive writes what you accept)'
        : o.interactive && machine
          ? '--interactive shows text; it cannot be used with --format ' + o.format
          : o.patch === '-' && (o.interactive || machine)
            ? '--patch - takes stdout, which --interactive and --format ' + o.format + ' need; give --patch a file name'
            : o.diff && (o.write || o.interactive)
              ? '--diff shows what --write would change; use it without --write and --interactive (--show-fixes lists what --write applied)'
              : o.diff && machine
                ? '--diff is for the text report (--format json has each file\'s "diff"; --patch writes them all)'
                : o.showFixes && machine
                  ? '--show-fixes is for the text report (--format json has "files")'
                  : o.statistics && machine && o.format !== 'json'
                    ? '--statistics is for the text report and --format json'
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
    verbose: !!o.verbose,
    diff: !!o.diff,
    statistics: !!o.statistics,
    showFixes: !!o.showFixes,
    exitZero: !!o.exitZero,
    baseline: o.baseline,
    writeBaseline: o.writeBaseline,
    cache: o.cache === false ? false : { dir: o.cacheDir },
  });
}

/**
 * A reader that stops early (`guardfix | head`, `less` then q) closes the pipe: the run ends
 * quietly, as a program killed by SIGPIPE does (128 + 13), instead of with a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`guardfix: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
