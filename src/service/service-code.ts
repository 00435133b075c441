// The Python code a service's image is built from. Usually the files of its folder; when the
// Dockerfile sits alone in a folder of its own (docker/Dockerfile, built with the repository as
// context) the code is beside that folder, in files that belong to no service.
import { dirname } from 'node:path';
import type { Service, Workspace } from '../engine/workspace.js';
import type { SourceFile } from '../engine/source-file.js';

export function serviceCode(ws: Workspace, service: Service | undefined): SourceFile[] {
  if (!service) return [];
  const own = service.filesOf('python');
  if (own.length) return own;
  const parent = dirname(service.dir);
  if (parent === service.dir || !ws.withinRoots(parent)) return [];
  return ws.filesOf('python').filter((f) => !ws.serviceOf(f) && f.path.startsWith(`${parent}/`));
}

/** The services whose code (serviceCode) holds this file: its own, or the Python-less ones beside it. */
export function servicesOfCode(ws: Workspace, file: SourceFile): Service[] {
  const own = ws.serviceOf(file);
  if (own) return [own];
  return ws.services.filter((s) => !s.filesOf('python').length && file.path.startsWith(`${dirname(s.dir)}/`) && ws.withinRoots(dirname(s.dir)));
}
