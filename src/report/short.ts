// A finding's message cut to fit one line of a fleet-sized report: its first clause, or as much of
// its first sentence as fits. The whole message is in --verbose, `guardfix explain`, JSON and SARIF.

/** Where a message's first thought ends: a sentence end, or a clause break after enough words. */
const BREAK = /(?<=\S)(?:\.(?=\s+[A-Z(`"])|[:;](?=\s)|\s—(?=\s))/g;
/** a clause shorter than this says too little on its own ("Single-stage image:", "Deployment web:") */
const MIN_CLAUSE = 36;

export function shortMessage(message: string, room = 100): string {
  const text = message.replace(/\s+/g, ' ').trim();
  let head = text;
  for (const m of text.matchAll(BREAK)) {
    if (m.index >= MIN_CLAUSE || m[0] === '.') {
      head = text.slice(0, m.index);
      break;
    }
  }
  room = Math.max(20, room);
  // Asides go first when the clause does not fit: "The final stage (base image php:8.0-apache) has
  // no USER instruction" keeps its point as "The final stage has no USER instruction".
  if (head.length > room) head = head.replace(/\s*\([^()]*\)/g, '');
  return cut(head, room);
}

/** at a word boundary, with an ellipsis, when longer than `room` */
export function cut(s: string, room: number): string {
  if (s.length <= room) return s;
  const slice = s.slice(0, room - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > room / 2 ? slice.slice(0, space) : slice).replace(/[\s,;:(—-]+$/, '')}…`;
}
