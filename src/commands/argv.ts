/**
 * normalizeArgv makes commander read a shorthand flag's value the way kubectl
 * (spf13/pflag) reads it: `-o=yaml` and `-n=west` mean `-o yaml` and `-n west`.
 * Commander alone takes `=yaml` as the value and refuses it. Only arguments
 * before a `--` are touched; `-o=` is an empty value, as for pflag.
 */
export function normalizeArgv(args: readonly string[]): string[] {
  const out: string[] = [];
  let operands = false;
  for (const arg of args) {
    if (operands) {
      out.push(arg);
      continue;
    }
    if (arg === '--') operands = true;
    const m = /^-([A-Za-z])=(.*)$/s.exec(arg);
    if (m) out.push(`-${m[1]}`, m[2]!);
    else out.push(arg);
  }
  return out;
}
