// dockerfile-ast scans an instruction's text again on every getArguments() call: its parser
// alone scans each RUN/COPY/CMD three times while building it (JSON form, argument range,
// content), and the rules ask again on every pass. Those scans were a quarter of a
// Dockerfile-only run. An instruction's text and range are fixed once it is built, so the scan
// is kept on the instruction itself (a WeakMap of them raised the peak memory of a 10k-file run
// by a third); callers get a fresh array (ModifiableInstruction shifts its flags off
// it) of the same Argument objects.
//
// Sharing them is safe because nothing changes an Argument except From's image helpers
// (getImageNameRange, getRegistryRange), which move the ends of `getImageRange()`, the first
// argument's own range: that one method now returns a copy.
import { Argument, From, Instruction } from 'dockerfile-ast';

// getRawArguments is private in the typings; every getArguments() goes through it.
const proto = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
const scan = proto.getRawArguments;
/** The library's own scan, for tests. */
export const scanArguments = (ins: Instruction): Argument[] => scan.call(ins);
const SCANNED = Symbol('arguments');
type Scanned = Instruction & { [SCANNED]?: Argument[] };

proto.getRawArguments = function (this: Scanned): Argument[] {
  return (this[SCANNED] ??= scan.call(this)).slice();
};

const imageRange = From.prototype.getImageRange;
From.prototype.getImageRange = function (this: From) {
  const r = imageRange.call(this);
  return r && { start: { ...r.start }, end: { ...r.end } };
};
