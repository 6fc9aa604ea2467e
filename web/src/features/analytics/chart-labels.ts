/* What the charts write on their axes; the tables beside them keep every name whole. */

/**
 * Names without the start they all share ("Dongfeng Renault Beijing Chaoyang" → "Beijing Chaoyang",
 * 东风雷诺北京朝阳店 → 北京朝阳店), so a narrow axis shows what tells them apart. The table keeps the full names.
 */
export function withoutSharedStart(names: readonly string[]): string[] {
  if (names.length < 2) return [...names];
  let shared = names[0] ?? '';
  for (const name of names) {
    let length = 0;
    while (length < shared.length && length < name.length && shared[length] === name[length]) length += 1;
    shared = shared.slice(0, length);
  }
  // Words end at a space: "Dongfeng Renault B" must not cut "Beijing" and "Baoding" short.
  const space = shared.lastIndexOf(' ');
  if (space >= 0) shared = shared.slice(0, space + 1);
  else if (/[A-Za-z0-9]$/.test(shared)) shared = '';
  if (shared.length === 0 || names.some((name) => name.length - shared.length < 2)) return [...names];
  return names.map((name) => name.slice(shared.length));
}
