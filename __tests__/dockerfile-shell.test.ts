// The RUN shell reader and the RUN edit helpers: offsets must land on the Dockerfile text as
// written, across continuations, comment lines, `# escape=`, heredocs and non-ASCII text.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Instruction } from 'dockerfile-ast';
import { dockerfile, type DockerDoc } from '../src/languages/dockerfile.js';
import { loadShell } from '../src/languages/shell.js';
import { readRun, commandsIn, readScript, SCRIPT_MEMO_SIZE, aptCalls, pipInstalls, cleansAptLists, isToolingUpgrade, cacheMountTargets, type RunScript } from '../src/languages/dockerfile-shell.js';
import { packageRole, releaseOfPythonTag } from '../src/languages/os-packages.js';
import { appendClause, removeWords, applyToSlice, removeCommands } from '../src/languages/dockerfile-run-edit.js';

beforeAll(() => loadShell());

function runs(text: string): { doc: DockerDoc; runs: (RunScript | undefined)[] } {
  const doc = dockerfile.parse(text);
  return { doc, runs: doc.instructions().filter((i: Instruction) => i.getKeyword() === 'RUN').map((i) => readRun(doc, i)) };
}

const apply = (text: string, edits: { start: number; end: number; text: string }[]) => applyToSlice(text, 0, edits);

describe('readRun', () => {
  it('maps every word back to the text as written, across continuations and comment lines', () => {
    const text = '# Café ☕ 🚀\nFROM python:3.11-slim\nRUN apt-get update \\  \n    # compilers\n\n    && DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n       gcc "libpq-dev"\n';
    const { doc, runs: [run] } = runs(text);
    const [update, install] = aptCalls(run!.commands);
    expect(update.sub).toBe('update');
    expect(install.packages.map((w) => w.value)).toEqual(['gcc', 'libpq-dev']);
    for (const w of install.packages) expect(doc.text.slice(w.start, w.end).replace(/"/g, '')).toBe(w.value);
    expect(doc.text.slice(install.command.start, install.command.end)).toMatch(/^DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n {7}gcc "libpq-dev"$/);
    expect(install.command.after).toBe('&&');
    expect(doc.text.slice(run!.end - 11, run!.end)).toBe('"libpq-dev"');
  });

  it('uses the escape directive, so a backslash is shell text and a backtick continues', () => {
    const text = '# escape=`\nFROM python:3.11-slim\nRUN apt-get update `\n    && apt-get install -y gcc `\n    make\n';
    const { doc, runs: [run] } = runs(text);
    const install = aptCalls(run!.commands).find((c) => c.sub === 'install')!;
    expect(install.packages.map((w) => doc.text.slice(w.start, w.end))).toEqual(['gcc', 'make']);
  });

  it('reads a RUN <<EOF shell script and its positions; skips heredocs for other programs and exec form', () => {
    const text = 'FROM python:3.11-slim\nRUN <<EOF\nset -e\napt-get install -y curl\nEOF\nRUN <<EOF python3\nprint("apt-get install x")\nEOF\nRUN ["apt-get", "install", "-y", "gcc"]\n';
    const { doc, runs: [script, py, exec] } = runs(text);
    expect(script!.form).toBe('heredoc');
    const [install] = aptCalls(script!.commands);
    expect(doc.text.slice(install.command.start, install.command.end)).toBe('apt-get install -y curl');
    expect(doc.text.slice(script!.end - 4, script!.end)).toBe('curl');
    expect(py).toBeUndefined();
    expect(exec).toBeUndefined();
  });

  it('marks commands in pipelines as nested, and the operator before each command', () => {
    const { runs: [run] } = runs('FROM x\nRUN yes | apt-get install gcc; false || apt-get install make\n');
    const [piped, afterOr] = aptCalls(run!.commands);
    expect(piped.command.nested).toBe(true);
    expect(afterOr.command.nested).toBe(false);
    expect(afterOr.command.after).toBe('||');
  });

  it('reads cache mounts by target', () => {
    const { runs: [run] } = runs('FROM x\nRUN --mount=type=cache,target=/var/cache/apt/ --mount=type=bind,source=a,target=/b apt-get update\n');
    expect(cacheMountTargets(run!)).toEqual(['/var/cache/apt']);
  });
});

describe('one shell parse per distinct script', () => {
  it('reads the same RUN at another offset with every position moved, as a fresh parse would', () => {
    const run = 'RUN apt-get update && apt-get install -y gcc \\\n    && rm -rf /var/lib/apt/lists/*\n';
    const a = runs(`FROM python:3.12\n${run}`);
    const b = runs(`FROM python:3.12\nENV A=1\n# moved\n${run}`);
    const by = b.doc.text.indexOf('RUN') - a.doc.text.indexOf('RUN');
    const [ra, rb] = [a.runs[0]!, b.runs[0]!];
    expect(rb.commands.map((c) => b.doc.text.slice(c.start, c.end))).toEqual(ra.commands.map((c) => a.doc.text.slice(c.start, c.end)));
    expect(rb.commands.flatMap((c) => c.args.map((w) => w.start - by))).toEqual(ra.commands.flatMap((c) => c.args.map((w) => w.start)));
    expect([rb.end - by, rb.lastCommandStart - by]).toEqual([ra.end, ra.lastCommandStart]);
    expect(b.doc.text.slice(rb.lastCommandStart, rb.end)).toBe('rm -rf /var/lib/apt/lists/*');
  });

  it('hands out copies: changing what one caller got leaves the next reading intact', () => {
    const first = commandsIn('gosu app uvicorn main:app --port 8000', 10);
    first[0].args.push({ value: 'extra', start: 0, end: 0, dynamic: false });
    first[0].program.value = 'changed';
    const again = commandsIn('gosu app uvicorn main:app --port 8000', 10);
    expect(again[0].program.value).toBe('gosu');
    expect(again[0].args.map((w) => w.value)).toEqual(['app', 'uvicorn', 'main:app', '--port', '8000']);
    expect(again[0].start).toBe(10);
  });

  it('keeps a bounded number of readings, and reads an evicted script the same way again', () => {
    const script = 'pip install --no-cache-dir -r requirements.txt';
    const before = commandsIn(script, 0);
    for (let i = 0; i <= SCRIPT_MEMO_SIZE; i++) readScript(`echo ${i}`);
    expect(commandsIn(script, 0)).toEqual(before);
  });
});

describe('apt and pip calls', () => {
  it('finds the subcommand after options, and option values are not packages', () => {
    const { runs: [run] } = runs('FROM x\nRUN apt-get -qq -o Dpkg::Options::=--force-confold install --no-install-recommends -y gcc=4:12 libpq-dev:amd64\n');
    const [c] = aptCalls(run!.commands);
    expect(c.sub).toBe('install');
    expect(c.packages.map((w) => w.value)).toEqual(['gcc=4:12', 'libpq-dev:amd64']);
  });

  it('reads requirement files in all their spellings, editables, flags and packages', () => {
    const { runs: [run] } = runs('FROM x\nRUN python3 -m pip install --user -r a.txt --requirement=b.txt -rc.txt -c cons.txt -e ./lib --no-index "uvicorn[standard]>=0.29"\n');
    const [p] = pipInstalls(run!.commands);
    expect(p.requirements.map((w) => w.value)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(p.constraints.map((w) => w.value)).toEqual(['cons.txt']);
    expect(p.editables.map((w) => w.value)).toEqual(['./lib']);
    expect(p.packages.map((w) => w.value)).toEqual(['uvicorn[standard]>=0.29']);
    expect(p.option('--no-index')).toBeDefined();
    expect(p.options.some((o) => o.value === '--user')).toBe(true);
    expect(isToolingUpgrade(p)).toBe(false);
  });

  it('tells a pip self-upgrade from a dependency install, and ignores other python -m modules', () => {
    const { runs: [run] } = runs('FROM x\nRUN pip3.11 install -U pip setuptools wheel && python -m venv /v && /v/bin/pip install flask\n');
    const installs = pipInstalls(run!.commands);
    expect(installs.map(isToolingUpgrade)).toEqual([true, false]);
  });

  it('recognises the apt lists clean-up in its usual spellings only', () => {
    const cleans = (s: string) => cleansAptLists(runs(`FROM x\nRUN ${s}\n`).runs[0]!.commands[0]);
    expect(cleans('rm -rf /var/lib/apt/lists/*')).toBe(true);
    expect(cleans('rm -fr /var/lib/apt/lists')).toBe(true);
    expect(cleans('rm -r -f /tmp/* /var/lib/apt/lists/*')).toBe(true);
    expect(cleans('rm -f /var/lib/apt/lists/lock')).toBe(false);
    expect(cleans('echo /var/lib/apt/lists/*')).toBe(false);
  });
});

describe('RUN edits', () => {
  it('appends in the leading-&& style and indentation of the RUN', () => {
    const text = 'FROM x\nRUN apt-get update \\\n  && apt-get install -y \\\n      gcc\nCMD x\n';
    const { doc, runs: [run] } = runs(text);
    expect(apply(text, [appendClause(doc, run!, 'rm -rf /var/lib/apt/lists/*')])).toBe(
      'FROM x\nRUN apt-get update \\\n  && apt-get install -y \\\n      gcc \\\n  && rm -rf /var/lib/apt/lists/*\nCMD x\n',
    );
  });

  it('appends in the trailing-&& style, at the indentation of the last command', () => {
    const text = 'FROM x\nRUN apt-get update && \\\n    apt-get install -y \\\n        gcc\n';
    const { doc, runs: [run] } = runs(text);
    expect(apply(text, [appendClause(doc, run!, 'rm -rf /var/lib/apt/lists/*')])).toBe(
      'FROM x\nRUN apt-get update && \\\n    apt-get install -y \\\n        gcc && \\\n    rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('appends before a trailing shell comment on a one-line RUN', () => {
    const text = 'FROM x\nRUN apt-get update && apt-get install -y gcc # compilers\n';
    const { doc, runs: [run] } = runs(text);
    expect(apply(text, [appendClause(doc, run!, 'true')])).toBe('FROM x\nRUN apt-get update && apt-get install -y gcc && true # compilers\n');
  });

  it('removes words: whole continuation lines, and the continuation before an emptied last line', () => {
    const text = 'FROM x\nRUN apt-get install -y \\\n    curl \\\n    gcc \\\n    make\nCMD ["x"]\n';
    const { doc, runs: [run] } = runs(text);
    const pk = aptCalls(run!.commands)[0].packages;
    const out = apply(text, removeWords(doc, pk.filter((w) => w.value !== 'curl')));
    expect(out).toBe('FROM x\nRUN apt-get install -y \\\n    curl\nCMD ["x"]\n');
    const doc2 = dockerfile.parse(out);
    expect(doc2.instructions().map((i) => i.getKeyword())).toEqual(['FROM', 'RUN', 'CMD']);
  });

  it('removes words inside a line without leaving double spaces', () => {
    const text = 'FROM x\nRUN apt-get install -y gcc make curl vim\n';
    const { doc, runs: [run] } = runs(text);
    const pk = aptCalls(run!.commands)[0].packages;
    expect(apply(text, removeWords(doc, pk.filter((w) => w.value === 'gcc' || w.value === 'make' || w.value === 'vim')))).toBe('FROM x\nRUN apt-get install -y curl\n');
  });
});

describe('removeCommands', () => {
  const drop = (text: string, names: string[]) => {
    const { doc, runs: [run] } = runs(text);
    const r = removeCommands(doc, run!, new Set(run!.commands.filter((c) => names.includes(c.name))));
    return r === undefined || r === 'empty' ? r : apply(text, r);
  };

  it('takes commands out of an && list across continuations, keeping the operators of what stays', () => {
    const text = 'FROM x\nRUN apt-get update \\\n    && apt-get install -y gcc \\\n    && pip install -r r.txt \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n';
    expect(drop(text, ['pip'])).toBe('FROM x\nRUN apt-get update \\\n    && apt-get install -y gcc \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n');
    expect(drop(text, ['apt-get'])).toBe('FROM x\nRUN pip install -r r.txt \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n');
  });

  it('takes lines out of a heredoc script', () => {
    const text = 'FROM x\nRUN <<EOF\nset -e\napt-get install -y gcc\npip install -r r.txt\nEOF\n';
    expect(drop(text, ['pip'])).toBe('FROM x\nRUN <<EOF\nset -e\napt-get install -y gcc\nEOF\n');
  });

  it("says 'empty' when nothing is left, and refuses pipelines, || and an assignment that would go too", () => {
    expect(drop('FROM x\nRUN pip install a && pip install b\n', ['pip'])).toBe('empty');
    expect(drop('FROM x\nRUN apt-get install -y gcc || true && pip install a\n', ['pip'])).toBeUndefined();
    expect(drop('FROM x\nRUN curl -s https://x | sh && pip install a\n', ['pip'])).toBeUndefined();
    expect(drop('FROM x\nRUN apt-get update && export PIP_X=1 && pip install a\n', ['apt-get'])).toBeUndefined();
    expect(drop('FROM x\nRUN export DEBIAN_FRONTEND=noninteractive && apt-get install -y gcc && pip install a\n', ['pip'])).toBe('FROM x\nRUN export DEBIAN_FRONTEND=noninteractive && apt-get install -y gcc\n');
  });
});

describe('OS package roles', () => {
  const bookworm = { family: 'debian' as const, suite: 'bookworm' };
  it('knows compilers, -dev packages with a runtime library, headers the python image covers, and unknowns', () => {
    expect(packageRole('gcc-12', 'apt', bookworm)).toEqual({ kind: 'build', runtime: [] });
    expect(packageRole('libpq-dev=15.5-0', 'apt', bookworm)).toEqual({ kind: 'build', runtime: ['libpq5'] });
    expect(packageRole('libssl-dev', 'apt', bookworm)).toEqual({ kind: 'build', runtime: [] });
    expect(packageRole('libfoo-dev', 'apt', bookworm)).toEqual({ kind: 'unknown-dev' });
    expect(packageRole('git', 'apt', bookworm)).toEqual({ kind: 'other' });
    expect(packageRole('curl', 'apt', bookworm)).toEqual({ kind: 'other' });
  });

  it('names the runtime library of the image\'s Debian release, and says when the release is unknown', () => {
    expect(packageRole('libpng-dev', 'apt', { family: 'debian', suite: 'trixie' })).toEqual({ kind: 'build', runtime: ['libpng16-16t64'] });
    expect(packageRole('libpng-dev', 'apt', bookworm)).toEqual({ kind: 'build', runtime: ['libpng16-16'] });
    const unknown = packageRole('libpng-dev', 'apt', { family: 'debian' });
    expect(unknown.kind === 'build' && unknown.unsure).toMatch(/names no Debian release/);
    const buster = packageRole('libpq-dev', 'apt', { family: 'debian', suite: 'buster' });
    expect(buster.kind === 'build' && buster.unsure).toMatch(/not buster/);
    // a virtual name resolves through its only provider
    expect(packageRole('libxslt-dev', 'apt', bookworm)).toEqual({ kind: 'build', runtime: ['libxslt1.1'] });
  });

  it('treats apk like apt, and marks rows without a source as unsure', () => {
    const alpine = { family: 'alpine' as const, alpine: '3.19' };
    expect(packageRole('musl-dev', 'apk', alpine)).toEqual({ kind: 'build', runtime: [] });
    expect(packageRole('libffi-dev', 'apk', alpine)).toEqual({ kind: 'build', runtime: [] });
    expect(packageRole('postgresql-dev', 'apk', alpine)).toEqual({ kind: 'build', runtime: ['libpq'] });
    expect(packageRole('g++', 'apk', alpine)).toEqual({ kind: 'build', runtime: ['libstdc++', 'libgcc'] });
    const old = packageRole('postgresql-dev', 'apk', { family: 'alpine', alpine: '3.12' });
    expect(old).toMatchObject({ kind: 'build', runtime: ['postgresql-libs'] });
    expect(old.kind === 'build' && old.unsure).toMatch(/Alpine 3\.12/);
    const png = packageRole('libpng-dev', 'apk', alpine);
    expect(png.kind === 'build' && png.unsure).toMatch(/not sourced/);
  });

  it('reads the OS release behind a python image tag', () => {
    expect(releaseOfPythonTag('3.11-slim-bookworm')).toEqual({ family: 'debian', suite: 'bookworm' });
    expect(releaseOfPythonTag('3.9.10-slim')).toEqual({ family: 'debian', suite: 'bullseye' });
    expect(releaseOfPythonTag('3.8-slim')).toEqual({ family: 'debian', suite: 'bookworm' });
    expect(releaseOfPythonTag('3.8.3-alpine3.12')).toEqual({ family: 'alpine', alpine: '3.12' });
    expect(releaseOfPythonTag('3.9-alpine')).toEqual({ family: 'alpine', alpine: '3.22' });
    expect(releaseOfPythonTag('3.12-windowsservercore')).toBeUndefined();
  });
});
