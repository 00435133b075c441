// The workspace's Terraform: its .tf files grouped into modules (one per folder), parsed once per
// workspace from the original texts.
import { dirname } from 'node:path';
import type { SourceFile } from '../engine/source-file.js';
import type { Workspace } from '../engine/workspace.js';
import { terraform } from '../languages/terraform.js';
import { overLanguages } from '../engine/reads.js';
import { TfModule, type TfFile } from '../languages/terraform-model.js';

export interface TfWorkspace {
  modules: TfModule[];
  /** .tf files that could not be read or parsed: their blocks are unknown */
  broken: SourceFile[];
}

const cache = new WeakMap<Workspace, TfWorkspace>();

/** Every Terraform module of the workspace (original texts). The terraform language must be loaded. */
export function terraformWorkspace(ws: Workspace): TfWorkspace {
  return overLanguages(['terraform'], () => cache.get(ws) ?? build(ws));
}

function build(ws: Workspace): TfWorkspace {
  const byDir = new Map<string, TfFile[]>();
  const broken: SourceFile[] = [];
  for (const file of ws.filesOf('terraform')) {
    const doc = ws.parsed(file, terraform);
    if (!doc) {
      broken.push(file);
      continue;
    }
    const dir = dirname(file.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), { file, doc }]);
  }
  const tf = { modules: [...byDir].map(([dir, files]) => new TfModule(dir, files)), broken };
  cache.set(ws, tf);
  return tf;
}
