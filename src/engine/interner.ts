// Equal strings made apart (read from different files, or copied across threads by a structured
// clone) are separate copies in V8. A fleet repeats a few strings tens of thousands of times.

/** A function that gives back one string object for all the equal strings it is handed. */
export function interner(): <S extends string | undefined>(s: S) => S {
  const seen = new Map<string, string>();
  return <S extends string | undefined>(s: S): S => {
    if (s === undefined) return s;
    const hit = seen.get(s);
    if (hit !== undefined) return hit as S;
    seen.set(s, s);
    return s;
  };
}
