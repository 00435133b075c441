// Types for fleet.mjs, which tests import to generate large fleets.
export interface Prng {
  next(): number;
  chance(p: number): boolean;
  pick<T>(xs: T[]): T;
  int(lo: number, hi: number): number;
}
export function prng(seed: number): Prng;
export function serviceName(i: number): string;
export function generateFleet(dir: string, services?: number, seed?: number): { names: string[]; dockerfiles: string[]; files: number };
export function generateHeavyFleet(dir: string, services?: number, seed?: number): { names: string[]; dockerfiles: string[]; files: number };
