/**
 * The letter an avatar shows: the name's first ("李" for 李明, "R" for Renault China), or
 * undefined when the name does not start with a letter (a number, "+86…", "•••"), which gets a
 * neutral figure instead of a stray "+" or digit.
 */
export function avatarLetter(name: string): string | undefined {
  const first = Array.from(name.trim())[0];
  return first && /\p{L}/u.test(first) ? first.toLocaleUpperCase() : undefined;
}
