// The edit helpers that the Python service rules share: imports land in the group isort would
// put them in, keyword arguments follow the call's layout, lifecycle code goes where it runs.
import { describe, it, expect, beforeAll } from 'vitest';
import { python } from '../src/languages/python.js';
import { applyFixes } from '../src/engine/fixer.js';
import type { Edit } from '../src/engine/types.js';
import { findApps, importBindings } from '../src/languages/python-ast.js';
import { addKeywordArgument, ImportPlan } from '../src/languages/python-edit.js';
import { extendLifecycle, lifecycleOf } from '../src/languages/python-lifecycle.js';

beforeAll(() => python.load!());

const apply = (text: string, edits: Edit[]) => applyFixes(text, [{ fix: { title: 't', applicability: 'safe' as const, edits } }]).output;

function withImports(text: string, add: (p: ImportPlan) => void): string {
  const root = python.parse(text).tree.rootNode;
  const plan = new ImportPlan(root, text, importBindings(root));
  add(plan);
  return apply(text, plan.edits());
}

describe('ImportPlan', () => {
  it('puts a standard-library import in order inside its group', () => {
    const text = 'import asyncio\nimport os\n\nimport httpx\n';
    expect(withImports(text, (p) => p.module('logging'))).toBe('import asyncio\nimport logging\nimport os\n\nimport httpx\n');
  });

  it('starts a standard-library group before third-party imports', () => {
    const text = '"""Doc."""\nimport httpx\nfrom fastapi import FastAPI\n';
    expect(withImports(text, (p) => (p.module('uuid'), p.module('time')))).toBe('"""Doc."""\nimport time\nimport uuid\n\nimport httpx\nfrom fastapi import FastAPI\n');
  });

  it('adds a name to an existing one-line from-import, keeping it sorted', () => {
    const text = 'from contextlib import asynccontextmanager\nimport httpx\n';
    expect(withImports(text, (p) => p.from('contextlib', 'suppress'))).toBe('from contextlib import asynccontextmanager, suppress\nimport httpx\n');
  });

  it('adds a new statement next to a parenthesized from-import instead of reflowing it', () => {
    const text = 'import os\nfrom typing import (\n    Dict,\n)\n';
    expect(withImports(text, (p) => p.from('typing', 'List'))).toBe('import os\nfrom typing import (\n    Dict,\n)\nfrom typing import List\n');
  });

  it('reuses what the module already imports, under its alias', () => {
    const text = 'import asyncio as aio\nfrom contextlib import suppress as quiet\n';
    let spelled: string[] = [];
    const out = withImports(text, (p) => (spelled = [p.module('asyncio'), p.from('contextlib', 'suppress')]));
    expect(spelled).toEqual(['aio', 'quiet']);
    expect(out).toBe(text);
  });

  it('keeps `from __future__` first and a docstring-only module readable', () => {
    // isort keeps __future__ in a section of its own.
    expect(withImports('from __future__ import annotations\n\nx = 1\n', (p) => p.module('re'))).toBe('from __future__ import annotations\n\nimport re\n\nx = 1\n');
    expect(withImports('"""Only a docstring."""\n', (p) => p.module('re'))).toBe('"""Only a docstring."""\n\nimport re\n');
  });
});

describe('addKeywordArgument', () => {
  const add = (text: string) => {
    const root = python.parse(text).tree.rootNode;
    const call = root.descendantsOfType('call')[0]!;
    const e = addKeywordArgument(text, call, 'lifespan', 'lifespan');
    return e ? apply(text, [e]) : undefined;
  };
  it('follows the call: empty, one line, trailing comma, one argument per line', () => {
    expect(add('app = FastAPI()\n')).toBe('app = FastAPI(lifespan=lifespan)\n');
    expect(add('app = FastAPI(title="x")\n')).toBe('app = FastAPI(title="x", lifespan=lifespan)\n');
    expect(add('app = FastAPI(title="x",)\n')).toBe('app = FastAPI(title="x", lifespan=lifespan)\n');
    expect(add('app = FastAPI(\n    title="x",\n)\n')).toBe('app = FastAPI(\n    title="x",\n    lifespan=lifespan,\n)\n');
    expect(add('app = FastAPI(\n  title="x"\n)\n')).toBe('app = FastAPI(\n  title="x",\n  lifespan=lifespan\n)\n');
  });
  it('refuses **kwargs, which may carry the argument already', () => {
    expect(add('app = FastAPI(**settings)\n')).toBeUndefined();
  });
});

describe('extendLifecycle', () => {
  const extend = (text: string, startup: string[], shutdown: string[], shutdownAt?: 'start' | 'end') => {
    const root = python.parse(text).tree.rootNode;
    const bindings = importBindings(root);
    const imports = new ImportPlan(root, text, bindings);
    const app = findApps(root)[0];
    const r = extendLifecycle({ root, text, imports, taken: new Set() }, app, lifecycleOf(root, app), { startup, shutdown, shutdownAt, hookName: 'things' });
    return 'reason' in r ? r.reason : apply(text, [...r.edits, ...imports.edits()]);
  };

  it('puts shutdown code in the finally that guards the yield, first or last', () => {
    const text = 'async def ls(app):\n    try:\n        yield\n    finally:\n        log()\n\n\napp = FastAPI(lifespan=ls)\n';
    expect(extend(text, ['{app}.state.x = 1'], ['close()'])).toBe('async def ls(app):\n    try:\n        app.state.x = 1\n        yield\n    finally:\n        log()\n        close()\n\n\napp = FastAPI(lifespan=ls)\n');
    expect(extend(text, [], ['stop()'], 'start')).toBe('async def ls(app):\n    try:\n        yield\n    finally:\n        stop()\n        log()\n\n\napp = FastAPI(lifespan=ls)\n');
  });

  it('adds an async shutdown hook when the existing one is sync and the code awaits', () => {
    const text = 'app = FastAPI()\n\n\n@app.on_event("shutdown")\ndef bye():\n    print("bye")\n';
    expect(extend(text, [], ['await {app}.state.c.aclose()'])).toBe(
      'app = FastAPI()\n\n\n@app.on_event("shutdown")\ndef bye():\n    print("bye")\n\n\n@app.on_event("shutdown")\nasync def close_things():\n    await app.state.c.aclose()\n',
    );
  });

  it('says why when the lifespan lives in another module or yields twice', () => {
    expect(extend('from x import ls\napp = FastAPI(lifespan=ls)\n', ['a()'], [])).toMatch(/not a function of this module/);
    expect(extend('async def ls(app):\n    yield\n    yield\napp = FastAPI(lifespan=ls)\n', ['a()'], [])).toMatch(/more than once/);
  });
});
